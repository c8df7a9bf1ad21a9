// Crypto primitives on the token hot path. Run pinned to one core:
//   taskset -c 1 ./build/release/tests/bench/crypto_bench
#include <benchmark/benchmark.h>

#include <filesystem>
#include <sstream>

#include "core/actor.hpp"
#include "core/clock.hpp"
#include "core/crypto/aead.hpp"
#include "core/crypto/jws.hpp"
#include "core/encoding.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "crypto_store/data_key_service.hpp"
#include "oauth/keys/key_service.hpp"
#include "store/migrator.hpp"
#include "store/open_database.hpp"
#include "tenancy/tenant_service.hpp"

namespace {

using namespace sigid;
using core::crypto::JwsAlgorithm;

// A typical RFC 9068 access token payload (~330 bytes).
constexpr std::string_view kAccessToken =
    R"({"iss":"https://id.example.com/t/acme","sub":"0190a0b0-1c2d-7e3f-8a9b-0c1d2e3f4a5b",)"
    R"("aud":"https://api.example.com","exp":1900000900,"iat":1900000000,"jti":"Yq8sK2vN0pX4rT6wZ9aB1c",)"
    R"("client_id":"0190a0b0-1c2d-7e3f-8a9b-0c1d2e3f4a5c","scope":"orders:read orders:write",)"
    R"("tid":"0190a0b0-1c2d-7e3f-8a9b-0c1d2e3f4a5d"})";

core::crypto::SigningKey makeKey(JwsAlgorithm alg) {
  auto key = core::crypto::SigningKey::generate(alg, "bench-kid");
  if (!key) std::abort();
  return std::move(key).value();
}

void BM_JwsSign(benchmark::State& state, JwsAlgorithm alg) {
  auto key = makeKey(alg);
  for (auto _ : state) {
    auto token = core::crypto::signJws(key, "at+jwt", kAccessToken);
    benchmark::DoNotOptimize(token);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_JwsVerify(benchmark::State& state, JwsAlgorithm alg) {
  auto key = makeKey(alg);
  auto token = *core::crypto::signJws(key, "at+jwt", kAccessToken);
  for (auto _ : state) {
    auto verified = core::crypto::verifyJws(token, key.publicKey());
    if (!verified) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(verified);
  }
  state.SetItemsProcessed(state.iterations());
}

// The signature alone over the same input: the floor signJws can approach.
void BM_RawSign(benchmark::State& state, JwsAlgorithm alg) {
  auto key = makeKey(alg);
  std::string input = core::base64UrlEncode(R"({"alg":"ES256","typ":"at+jwt","kid":"bench-kid"})") + "." +
                      core::base64UrlEncode(kAccessToken);
  for (auto _ : state) {
    auto signature = key.sign(input);
    benchmark::DoNotOptimize(signature);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(BM_JwsSign, ES256, JwsAlgorithm::ES256);
BENCHMARK_CAPTURE(BM_JwsSign, RS256, JwsAlgorithm::RS256);
BENCHMARK_CAPTURE(BM_JwsSign, EdDSA, JwsAlgorithm::EdDSA);
BENCHMARK_CAPTURE(BM_JwsVerify, ES256, JwsAlgorithm::ES256);
BENCHMARK_CAPTURE(BM_JwsVerify, RS256, JwsAlgorithm::RS256);
BENCHMARK_CAPTURE(BM_JwsVerify, EdDSA, JwsAlgorithm::EdDSA);
BENCHMARK_CAPTURE(BM_RawSign, ES256, JwsAlgorithm::ES256);

void BM_AeadSeal(benchmark::State& state) {
  auto key = core::randomBytes(32);
  std::string plain(static_cast<std::size_t>(state.range(0)), 'x');
  for (auto _ : state) {
    auto sealed = core::crypto::aeadSeal(key, plain, "tenant-id|purpose");
    benchmark::DoNotOptimize(sealed);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

void BM_AeadOpen(benchmark::State& state) {
  auto key = core::randomBytes(32);
  auto sealed = *core::crypto::aeadSeal(key, std::string(static_cast<std::size_t>(state.range(0)), 'x'), "ad");
  for (auto _ : state) {
    auto opened = core::crypto::aeadOpen(key, sealed, "ad");
    benchmark::DoNotOptimize(opened);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_AeadSeal)->Arg(32)->Arg(1024);
BENCHMARK(BM_AeadOpen)->Arg(32)->Arg(1024);

// The token endpoint's call: KeyService::sign on a warm cache (no database access).
void BM_KeyServiceSignEs256(benchmark::State& state) {
  namespace fs = std::filesystem;
  auto dir = fs::temp_directory_path() / ("sigid-bench-" + core::hexEncode(core::randomBytes(6)));
  fs::create_directories(dir);
  {
    auto db = store::openDatabase({.url = "sqlite:" + (dir / "bench.db").string()});
    if (!db || !store::migrate(**db)) std::abort();
    core::SystemClock clock;
    std::ostringstream sink;
    core::Logger log(sink);
    auto sealer = crypto_store::DataKeyService::open(**db, clock, log, core::base64Encode(core::randomBytes(32)));
    tenancy::TenantService tenants(**db, clock);
    tenancy::NewTenant request;
    request.name = "Bench";
    request.slug = "bench";
    auto tenant = tenants.provision(core::Actor::system(), request);
    if (!sealer || !tenant) std::abort();
    oauth::KeyService keys(**db, **sealer, clock, log);
    if (!keys.sign(*tenant, JwsAlgorithm::ES256, "at+jwt", kAccessToken)) std::abort();
    auto warm = tenants.find("bench");
    if (!warm) std::abort();
    for (auto _ : state) {
      auto token = keys.sign(*warm, JwsAlgorithm::ES256, "at+jwt", kAccessToken);
      benchmark::DoNotOptimize(token);
    }
    state.SetItemsProcessed(state.iterations());
  }
  fs::remove_all(dir);
}
BENCHMARK(BM_KeyServiceSignEs256);

}  // namespace

BENCHMARK_MAIN();
