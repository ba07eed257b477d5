# Build helpers shared by every module's CMakeLists.txt.

# Compile options applied to every Tamis target.
function(tamis_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  if(TAMIS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(TAMIS_BUILD_FUZZERS)
    # Coverage feedback from every library, not only from the fuzz target's own file.
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
  if(TAMIS_SANITIZE)
    target_compile_options(${target} PUBLIC -fsanitize=${TAMIS_SANITIZE} -fno-omit-frame-pointer)
    target_link_options(${target} PUBLIC -fsanitize=${TAMIS_SANITIZE})
  endif()
endfunction()

# tamis_add_library(NAME SOURCES a.cc b.cc DEPS lib1 lib2)
# A library whose headers are included as "layer/module/file.h" from src/.
function(tamis_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  tamis_target_defaults(${name})
endfunction()

# tamis_add_test(NAME SOURCES a_test.cc DEPS lib1 [LABELS slow] [TEST_PREFIX travel.] [POSTGRES])
# One GoogleTest binary registered with CTest (tests discovered individually; TEST_PREFIX goes
# before each discovered name, so that e.g. `ctest -R travel` selects one module's tests).
# POSTGRES: its tests share the PostgreSQL test server of the tamis_pg fixture (TAMIS_TEST_PG_URL).
function(tamis_add_test name)
  if(NOT TAMIS_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "POSTGRES" "TEST_PREFIX" "SOURCES;DEPS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} tamis_testing GTest::gtest GTest::gmock GTest::gtest_main)
  tamis_target_defaults(${name})
  if(ARG_POSTGRES)
    tamis_pg_fixture()
    # (LABELS only when given: an empty value would shift the property pairs.)
    set(labels)
    if(ARG_LABELS)
      set(labels LABELS "${ARG_LABELS}")
    endif()
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 TEST_PREFIX "${ARG_TEST_PREFIX}"
                         PROPERTIES ${labels} FIXTURES_REQUIRED tamis_pg
                                    ENVIRONMENT "TAMIS_TEST_PG_URL=${TAMIS_TEST_PG_URL}")
  else()
    gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 TEST_PREFIX "${ARG_TEST_PREFIX}"
                         PROPERTIES LABELS "${ARG_LABELS}")
  endif()
endfunction()

# The CTest fixture `tamis_pg`: one PostgreSQL test server (scripts/pg_test_server.sh) started
# before the tests that require it and stopped after. Defined once; sets TAMIS_TEST_PG_URL.
macro(tamis_pg_fixture)
  string(MD5 _tamis_pg_hash "${CMAKE_BINARY_DIR}")
  string(SUBSTRING "${_tamis_pg_hash}" 0 10 _tamis_pg_hash)
  set(TAMIS_TEST_PG_DIR "/tmp/tamis-pgtest-${_tamis_pg_hash}")
  set(TAMIS_TEST_PG_URL "postgresql://postgres@/postgres?host=${TAMIS_TEST_PG_DIR}&port=5432")
  get_property(_tamis_pg_defined GLOBAL PROPERTY TAMIS_PG_FIXTURE_DEFINED)
  if(NOT _tamis_pg_defined)
    set_property(GLOBAL PROPERTY TAMIS_PG_FIXTURE_DEFINED TRUE)
    add_test(NAME tamis_pg_server_start COMMAND sh ${PROJECT_SOURCE_DIR}/scripts/pg_test_server.sh start ${TAMIS_TEST_PG_DIR})
    add_test(NAME tamis_pg_server_stop COMMAND sh ${PROJECT_SOURCE_DIR}/scripts/pg_test_server.sh stop ${TAMIS_TEST_PG_DIR})
    set_tests_properties(tamis_pg_server_start PROPERTIES FIXTURES_SETUP tamis_pg)
    set_tests_properties(tamis_pg_server_stop PROPERTIES FIXTURES_CLEANUP tamis_pg)
  endif()
endmacro()

# tamis_add_benchmark(NAME SOURCES a_bench.cc DEPS lib1)
function(tamis_add_benchmark name)
  if(NOT TAMIS_BUILD_BENCHMARKS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark)
  tamis_target_defaults(${name})
endfunction()

# tamis_add_fuzzer(NAME SOURCES a_fuzz.cc DEPS lib1)
# A libFuzzer target (LLVMFuzzerTestOneInput). Built only with TAMIS_BUILD_FUZZERS=ON and clang.
function(tamis_add_fuzzer name)
  if(NOT TAMIS_BUILD_FUZZERS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  tamis_target_defaults(${name})
  set_property(GLOBAL APPEND PROPERTY TAMIS_FUZZERS ${name})
endfunction()
