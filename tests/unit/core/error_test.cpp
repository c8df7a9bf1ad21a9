#include "core/error.hpp"

#include <gtest/gtest.h>

using namespace sigid::core;

TEST(ErrorWire, EveryCodeMapsToItsRfcNameAndStatus) {
  struct Row { ErrorCode code; const char* error; int status; };
  const Row rows[] = {
      {ErrorCode::InvalidRequest, "invalid_request", 400},
      {ErrorCode::InvalidClient, "invalid_client", 401},
      {ErrorCode::InvalidGrant, "invalid_grant", 400},
      {ErrorCode::UnauthorizedClient, "unauthorized_client", 400},
      {ErrorCode::UnsupportedGrantType, "unsupported_grant_type", 400},
      {ErrorCode::InvalidScope, "invalid_scope", 400},
      {ErrorCode::AccessDenied, "access_denied", 403},
      {ErrorCode::InvalidToken, "invalid_token", 401},
      {ErrorCode::Unauthenticated, "unauthenticated", 401},
      {ErrorCode::Forbidden, "forbidden", 403},
      {ErrorCode::TenantSuspended, "tenant_suspended", 403},
      {ErrorCode::NotFound, "not_found", 404},
      {ErrorCode::MethodNotAllowed, "method_not_allowed", 405},
      {ErrorCode::Conflict, "conflict", 409},
      {ErrorCode::PayloadTooLarge, "payload_too_large", 413},
      {ErrorCode::UnsupportedMediaType, "unsupported_media_type", 415},
      {ErrorCode::RateLimited, "too_many_requests", 429},
      {ErrorCode::Unavailable, "temporarily_unavailable", 503},
      {ErrorCode::Internal, "server_error", 500},
  };
  for (const auto& row : rows) {
    auto wire = toWire(row.code);
    EXPECT_EQ(wire.error, row.error);
    EXPECT_EQ(wire.status, row.status);
  }
}

TEST(Error, DetailIsKeptApartFromDescription) {
  auto e = Error::internal("sqlite: disk I/O error");
  EXPECT_EQ(e.code(), ErrorCode::Internal);
  EXPECT_EQ(e.detail(), "sqlite: disk I/O error");
  EXPECT_EQ(e.description().find("sqlite"), std::string::npos);
}
