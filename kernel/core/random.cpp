#include "core/random.hpp"

#include <openssl/rand.h>

#include <cstdlib>
#include <cstdio>

#include "core/encoding.hpp"

namespace sigid::core {

std::string randomBytes(std::size_t count) {
  std::string out(count, '\0');
  if (count > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
    std::fputs("fatal: OpenSSL RAND_bytes failed\n", stderr);
    std::abort();
  }
  return out;
}

std::string randomToken(std::size_t bytes) { return base64UrlEncode(randomBytes(bytes)); }

}  // namespace sigid::core
