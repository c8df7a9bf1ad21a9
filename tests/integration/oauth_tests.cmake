# OAuth core (issue 6): protocol endpoints, applications, API keys, over real HTTP.
add_library(sigid_oauth_integration_support STATIC oauth_fixture.cpp)
target_link_libraries(sigid_oauth_integration_support PUBLIC sigid_integration_support GTest::gtest)
foreach(name oauth_token_test oauth_introspection_test oauth_admin_test oauth_key_rotation_test)
  sigid_add_test(NAME ${name} SOURCES ${name}.cpp LIBS sigid_oauth_integration_support MARIADB)
  add_dependencies(${name} sigid)
endforeach()
