#pragma once

#include <exception>
#include <memory>
#include <string>
#include <utility>

#include "sigid/sdk/billing_provider.hpp"
#include "sigid/sdk/result.hpp"
#include "sigid/sdk/sign_in_method.hpp"
#include "sigid/sdk/sso_provider.hpp"
#include "sigid/sdk/wallet_backend.hpp"
#include "sigid/sdk/webhook_transport.hpp"

namespace sigid::sdk {

// Runs `f` and turns any exception into an Error. It is a template, so it is
// compiled into the plugin: the try/catch runs in the plugin's own code and
// exceptions never have to cross the library boundary.
template <class F>
auto barrier(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return Error(ErrorCode::Internal, std::string("plugin threw: ") + e.what());
  } catch (...) {
    return Error(ErrorCode::Internal, "plugin threw a non-standard exception");
  }
}

// Every kind's instance wrapped so each call goes through barrier().
class GuardedSignInMethod final : public SignInMethod {
 public:
  explicit GuardedSignInMethod(std::unique_ptr<SignInMethod> inner) : inner_(std::move(inner)) {}
  Result<MethodDescription> describe() override { return barrier([&] { return inner_->describe(); }); }
  Result<Challenge> begin(const SignInContext& c) override { return barrier([&] { return inner_->begin(c); }); }
  Result<VerifiedSubject> complete(const SignInContext& c, const Answer& a) override {
    return barrier([&] { return inner_->complete(c, a); });
  }
  Result<Enrolment> enrol(const SignInContext& c, const EnrolmentInput& i) override {
    return barrier([&] { return inner_->enrol(c, i); });
  }
  Result<void> removeCredential(const SignInContext& c, const std::string& id) override {
    return barrier([&] { return inner_->removeCredential(c, id); });
  }

 private:
  std::unique_ptr<SignInMethod> inner_;
};

class GuardedSsoProvider final : public SsoProvider {
 public:
  explicit GuardedSsoProvider(std::unique_ptr<SsoProvider> inner) : inner_(std::move(inner)) {}
  Result<SsoRedirect> buildRedirect(const SsoConnection& c, const SsoRedirectRequest& r) override {
    return barrier([&] { return inner_->buildRedirect(c, r); });
  }
  Result<ExternalIdentity> handleCallback(const SsoConnection& c, const SsoCallback& cb) override {
    return barrier([&] { return inner_->handleCallback(c, cb); });
  }

 private:
  std::unique_ptr<SsoProvider> inner_;
};

class GuardedWalletBackend final : public WalletBackend {
 public:
  explicit GuardedWalletBackend(std::unique_ptr<WalletBackend> inner) : inner_(std::move(inner)) {}
  Result<WalletKey> createKey(const WalletKeyRequest& r) override { return barrier([&] { return inner_->createKey(r); }); }
  Result<WalletKey> publicKey(const std::string& id) override { return barrier([&] { return inner_->publicKey(id); }); }
  Result<WalletSignature> sign(const SignRequest& r) override { return barrier([&] { return inner_->sign(r); }); }

 private:
  std::unique_ptr<WalletBackend> inner_;
};

class GuardedWebhookTransport final : public WebhookTransport {
 public:
  explicit GuardedWebhookTransport(std::unique_ptr<WebhookTransport> inner) : inner_(std::move(inner)) {}
  Result<DeliveryOutcome> deliver(const WebhookDelivery& d) override { return barrier([&] { return inner_->deliver(d); }); }

 private:
  std::unique_ptr<WebhookTransport> inner_;
};

class GuardedBillingProvider final : public BillingProvider {
 public:
  explicit GuardedBillingProvider(std::unique_ptr<BillingProvider> inner) : inner_(std::move(inner)) {}
  Result<CustomerRef> createCustomer(const CustomerInfo& c) override {
    return barrier([&] { return inner_->createCustomer(c); });
  }
  Result<BillingLink> checkoutLink(const CheckoutRequest& r) override {
    return barrier([&] { return inner_->checkoutLink(r); });
  }
  Result<BillingLink> portalLink(const PortalRequest& r) override { return barrier([&] { return inner_->portalLink(r); }); }
  Result<void> reportUsage(const UsageRecord& u) override { return barrier([&] { return inner_->reportUsage(u); }); }
  Result<BillingEvent> parseEvent(const InboundBillingEvent& e) override {
    return barrier([&] { return inner_->parseEvent(e); });
  }

 private:
  std::unique_ptr<BillingProvider> inner_;
};

// A factory whose create() and whose instances are behind the barrier.
template <class Factory, class Instance, class GuardedInstance>
class GuardedFactory final : public Factory {
 public:
  explicit GuardedFactory(std::unique_ptr<Factory> inner) : inner_(std::move(inner)) {}
  Result<std::unique_ptr<Instance>> create(const PluginConfig& config, Host& host) override {
    return barrier([&]() -> Result<std::unique_ptr<Instance>> {
      auto made = inner_->create(config, host);
      if (!made) return made.error();
      if (!*made) return Error(ErrorCode::Internal, "plugin factory returned no instance");
      return std::unique_ptr<Instance>(std::make_unique<GuardedInstance>(std::move(made).value()));
    });
  }

 private:
  std::unique_ptr<Factory> inner_;
};

}  // namespace sigid::sdk
