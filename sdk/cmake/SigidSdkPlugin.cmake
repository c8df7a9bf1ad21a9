# sigid_add_plugin(<target> SOURCES <files>... [LIBS <libraries>...])
#
# Builds <target>.so as a loadable module against the SDK: C++20, hidden
# visibility (only the SIGID_PLUGIN entry is exported), no "lib" prefix, and no
# undefined symbols left for the kernel to supply (a plugin sees the kernel only
# through Host, never through its symbols).
function(sigid_add_plugin target)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  add_library(${target} MODULE ${P_SOURCES})
  if(TARGET SigidSdk::sdk)
    target_link_libraries(${target} PRIVATE SigidSdk::sdk ${P_LIBS})
  else()
    target_link_libraries(${target} PRIVATE sigid_sdk ${P_LIBS})
  endif()
  target_compile_features(${target} PRIVATE cxx_std_20)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(NOT SIGID_SANITIZE AND NOT CMAKE_CXX_FLAGS MATCHES "-fsanitize")
    target_link_options(${target} PRIVATE -Wl,--no-undefined)
  endif()
endfunction()
