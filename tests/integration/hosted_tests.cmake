# Users, invitations and hosted pages (issue 7) over HTTP, with the
# signin-password plugin loaded and mail caught by a loopback SMTP listener.
add_library(sigid_hosted_test_support STATIC hosted_fixture.cpp)
target_link_libraries(sigid_hosted_test_support PUBLIC sigid_integration_support Poco::Foundation)
target_compile_definitions(sigid_hosted_test_support PUBLIC
  SIGID_TEST_PLUGIN_DIR="$<TARGET_FILE_DIR:signin-password>")
sigid_add_test(NAME hosted_pages_test SOURCES hosted_pages_test.cpp LIBS sigid_hosted_test_support MARIADB)
sigid_add_test(NAME users_api_test SOURCES users_api_test.cpp LIBS sigid_hosted_test_support MARIADB)
add_dependencies(hosted_pages_test sigid signin-password)
add_dependencies(users_api_test sigid signin-password)
# The authorization code flow (issue 7 part B).
sigid_add_test(NAME code_flow_test SOURCES code_flow_test.cpp code_flow_fixture.cpp
  LIBS sigid_hosted_test_support sigid_oauth_integration_support sigid_oauth MARIADB)
add_dependencies(code_flow_test sigid signin-password)
# Two-step sign-in with the signin-totp plugin (issue 8); the test computes
# codes with the plugin's own RFC 6238 functions.
find_package(OpenSSL REQUIRED COMPONENTS Crypto)
sigid_add_test(NAME mfa_flow_test
  SOURCES mfa_flow_test.cpp code_flow_fixture.cpp ${PROJECT_SOURCE_DIR}/plugins/signin-totp/totp.cpp
  LIBS sigid_hosted_test_support sigid_oauth_integration_support sigid_oauth OpenSSL::Crypto MARIADB)
target_include_directories(mfa_flow_test PRIVATE ${PROJECT_SOURCE_DIR}/plugins/signin-totp)
target_compile_definitions(mfa_flow_test PRIVATE SIGID_TEST_TOTP_PLUGIN_DIR="$<TARGET_FILE_DIR:signin-totp>")
add_dependencies(mfa_flow_test sigid signin-password signin-totp)
