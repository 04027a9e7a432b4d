# Dependencies of the wasm build.
#
# nlohmann_json: header-only. Emscripten must not see /usr/include (it would
# pull in glibc headers), so a folder holding only a link to Debian's
# nlohmann headers is put on the include path.
set(MS_JSON_INCLUDE ${CMAKE_BINARY_DIR}/json-include)
file(MAKE_DIRECTORY ${MS_JSON_INCLUDE})
if(NOT EXISTS ${MS_JSON_INCLUDE}/nlohmann)
  file(CREATE_LINK /usr/include/nlohmann ${MS_JSON_INCLUDE}/nlohmann SYMBOLIC)
endif()
add_library(json_dep INTERFACE)
target_include_directories(json_dep SYSTEM INTERFACE ${MS_JSON_INCLUDE})

# libsodium: compiled from Debian's source package (with Debian's security
# patches), fetched once into the build folder with `apt-get source`.
set(MS_SODIUM_ROOT ${CMAKE_BINARY_DIR}/libsodium-source)
file(GLOB MS_SODIUM_DIR LIST_DIRECTORIES true ${MS_SODIUM_ROOT}/libsodium-*)
list(FILTER MS_SODIUM_DIR INCLUDE REGEX "/libsodium-[0-9.]+$")
if(NOT MS_SODIUM_DIR)
  file(MAKE_DIRECTORY ${MS_SODIUM_ROOT})
  message(STATUS "Fetching libsodium source with apt-get source")
  execute_process(COMMAND apt-get source libsodium
                  WORKING_DIRECTORY ${MS_SODIUM_ROOT}
                  RESULT_VARIABLE MS_FETCH_RESULT OUTPUT_QUIET)
  file(GLOB MS_SODIUM_DIR LIST_DIRECTORIES true ${MS_SODIUM_ROOT}/libsodium-*)
  list(FILTER MS_SODIUM_DIR INCLUDE REGEX "/libsodium-[0-9.]+$")
  if(NOT MS_FETCH_RESULT EQUAL 0 OR NOT MS_SODIUM_DIR)
    message(FATAL_ERROR "apt-get source libsodium failed: run scripts/setup-system.sh (it adds the deb-src entries)")
  endif()
endif()

set(MS_SODIUM_SRC ${MS_SODIUM_DIR}/src/libsodium)
file(GLOB_RECURSE MS_SODIUM_FILES ${MS_SODIUM_SRC}/*.c)
# x86 assembly and OS random sources do not apply to wasm; randomness comes
# from Module.getRandomValue (crypto.getRandomValues), set up in js/.
list(FILTER MS_SODIUM_FILES EXCLUDE REGEX "/(sandy2x|xmm6)/|/randombytes/(internal|sysrandom)/")

set(VERSION 1.0.18)
set(SODIUM_LIBRARY_VERSION_MAJOR 10)
set(SODIUM_LIBRARY_VERSION_MINOR 3)
set(SODIUM_LIBRARY_MINIMAL_DEF "")
# The source copy is ours (it lives in the build folder), so version.h is
# generated beside the other headers, where sodium.h expects it.
configure_file(${MS_SODIUM_SRC}/include/sodium/version.h.in ${MS_SODIUM_SRC}/include/sodium/version.h @ONLY)

add_library(sodium_wasm STATIC ${MS_SODIUM_FILES})
target_compile_definitions(sodium_wasm PRIVATE CONFIGURED=1 NATIVE_LITTLE_ENDIAN=1)
target_compile_options(sodium_wasm PRIVATE -O3 -Wno-unused-function -Wno-unknown-pragmas -Wno-sign-compare
                       -Wno-unused-parameter -Wno-unused-variable)
target_include_directories(sodium_wasm
  PUBLIC ${MS_SODIUM_SRC}/include
  PRIVATE ${MS_SODIUM_SRC}/include/sodium)
# Its Node fallback for randomness (require('crypto')) is left out: see wasm/sodium_random.h.
set_source_files_properties(${MS_SODIUM_SRC}/randombytes/randombytes.c PROPERTIES
  COMPILE_OPTIONS "-include;${PROJECT_SOURCE_DIR}/wasm/sodium_random.h"
  OBJECT_DEPENDS ${PROJECT_SOURCE_DIR}/wasm/sodium_random.h)
add_library(sodium_dep INTERFACE)
target_link_libraries(sodium_dep INTERFACE sodium_wasm)
