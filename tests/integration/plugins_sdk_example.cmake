# cmake -DBUILD_DIR=<sigid build> -DSOURCE_DIR=<repo> -DWORK_DIR=<scratch> -P plugins_sdk_example.cmake
#
# What a platform team does (docs/plugins.md): install the SDK into a prefix,
# configure sdk/examples/hello-webhook as its own CMake project against it,
# build it. The plugin lands in WORK_DIR/out/hello-webhook.so for
# plugins_api_test to load into a running kernel.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}/out")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
endfunction()

run(${CMAKE_COMMAND} --install "${BUILD_DIR}" --component sdk --prefix "${WORK_DIR}/prefix")
# The installed package must stand alone: nothing from this repository's include path.
if(NOT EXISTS "${WORK_DIR}/prefix/include/sigid/sdk/sdk.hpp")
  message(FATAL_ERROR "the SDK headers were not installed")
endif()
run(${CMAKE_COMMAND} -S "${SOURCE_DIR}/sdk/examples/hello-webhook" -B "${WORK_DIR}/build" -G Ninja
    -DCMAKE_BUILD_TYPE=Release "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix")
run(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
file(COPY "${WORK_DIR}/build/hello-webhook.so" DESTINATION "${WORK_DIR}/out"
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
message(STATUS "built ${WORK_DIR}/out/hello-webhook.so against the installed SDK")
