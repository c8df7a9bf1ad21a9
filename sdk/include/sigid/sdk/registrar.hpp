#pragma once

#include <memory>
#include <type_traits>

#include "sigid/sdk/barrier.hpp"

namespace sigid::sdk {

// Handed to a plugin's registration function; the only way to give the kernel
// a factory. There is no static registry: a plugin registers what it is asked
// to, when it is asked to.
class Registrar {
 public:
  virtual ~Registrar() = default;

  // `F` derives from exactly one of the five factory interfaces. The factory and
  // every instance it creates are wrapped in barrier() here, in the plugin's code.
  template <class F>
  Result<void> add(std::unique_ptr<F> factory) {
    static_assert(std::is_base_of_v<SignInMethodFactory, F> + std::is_base_of_v<SsoProviderFactory, F> +
                          std::is_base_of_v<WalletBackendFactory, F> + std::is_base_of_v<WebhookTransportFactory, F> +
                          std::is_base_of_v<BillingProviderFactory, F> ==
                      1,
                  "a factory implements exactly one kind; register one factory per kind");
    if (!factory) return Error(ErrorCode::InvalidRequest, "a null factory was registered");
    return barrier([&]() -> Result<void> {
      if constexpr (std::is_base_of_v<SignInMethodFactory, F>) {
        return addSignInMethod(std::make_unique<GuardedFactory<SignInMethodFactory, SignInMethod, GuardedSignInMethod>>(
            std::move(factory)));
      } else if constexpr (std::is_base_of_v<SsoProviderFactory, F>) {
        return addSsoProvider(
            std::make_unique<GuardedFactory<SsoProviderFactory, SsoProvider, GuardedSsoProvider>>(std::move(factory)));
      } else if constexpr (std::is_base_of_v<WalletBackendFactory, F>) {
        return addWalletBackend(std::make_unique<GuardedFactory<WalletBackendFactory, WalletBackend, GuardedWalletBackend>>(
            std::move(factory)));
      } else if constexpr (std::is_base_of_v<WebhookTransportFactory, F>) {
        return addWebhookTransport(
            std::make_unique<GuardedFactory<WebhookTransportFactory, WebhookTransport, GuardedWebhookTransport>>(
                std::move(factory)));
      } else {
        return addBillingProvider(
            std::make_unique<GuardedFactory<BillingProviderFactory, BillingProvider, GuardedBillingProvider>>(
                std::move(factory)));
      }
    });
  }

 protected:
  virtual Result<void> addSignInMethod(std::unique_ptr<SignInMethodFactory> factory) = 0;
  virtual Result<void> addSsoProvider(std::unique_ptr<SsoProviderFactory> factory) = 0;
  virtual Result<void> addWalletBackend(std::unique_ptr<WalletBackendFactory> factory) = 0;
  virtual Result<void> addWebhookTransport(std::unique_ptr<WebhookTransportFactory> factory) = 0;
  virtual Result<void> addBillingProvider(std::unique_ptr<BillingProviderFactory> factory) = 0;
};

}  // namespace sigid::sdk
