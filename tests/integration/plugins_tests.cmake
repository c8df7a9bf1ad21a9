# Plugin integration tests (included from CMakeLists.txt in this folder).

# The out-of-tree example, built against the installed SDK: a test of its own,
# and a fixture the API test needs.
set(SIGID_SDK_EXAMPLE_DIR ${CMAKE_BINARY_DIR}/sdk-example)
add_test(NAME plugins.sdk_example_builds_out_of_tree
  COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${CMAKE_BINARY_DIR} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          -DWORK_DIR=${SIGID_SDK_EXAMPLE_DIR} -P ${CMAKE_CURRENT_SOURCE_DIR}/plugins_sdk_example.cmake)
set_tests_properties(plugins.sdk_example_builds_out_of_tree PROPERTIES FIXTURES_SETUP sdk_example)

add_executable(plugins_api_test plugins_api_test.cpp ${PROJECT_SOURCE_DIR}/tests/unit/plugins/test_http_server.cpp)
target_link_libraries(plugins_api_test PRIVATE sigid_integration_support GTest::gtest GTest::gtest_main)
target_include_directories(plugins_api_test PRIVATE ${PROJECT_SOURCE_DIR}/tests ${PROJECT_SOURCE_DIR}/tests/unit/plugins)
target_compile_definitions(plugins_api_test PRIVATE
  HELLO_WEBHOOK_PLUGIN="${SIGID_SDK_EXAMPLE_DIR}/out/hello-webhook.so"
  WEBHOOK_HTTP_PLUGIN="$<TARGET_FILE:webhook-http>"
  FIXTURE_GOOD="$<TARGET_FILE:fixture_good>"
  FIXTURE_THROWS_IN_CALL="$<TARGET_FILE:fixture_throws_in_call>"
  FIXTURE_WRONG_ABI="$<TARGET_FILE:fixture_wrong_abi>")
add_dependencies(plugins_api_test sigid webhook-http ${SIGID_PLUGIN_FIXTURES})
gtest_discover_tests(plugins_api_test DISCOVERY_MODE PRE_TEST TEST_PREFIX "plugins_api_test."
  PROPERTIES FIXTURES_REQUIRED sdk_example)
