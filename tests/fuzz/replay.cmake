# Fuzzing (issue 10): the fuzz corpora and every regression the fuzzers found, replayed through
# the fuzz targets' entry functions in the normal build (no libFuzzer needed), label "fuzz".
mig_test(test_fuzz_replay fuzz SOURCES
  fuzz/test_fuzz_replay.cpp fuzz/FuzzTargets.cpp fuzz/FuzzSplitters.cpp fuzz/FuzzFileNames.cpp
  fuzz/FuzzDirectives.cpp fuzz/FuzzFolder.cpp fuzz/FuzzPolicy.cpp
  PROPERTIES TIMEOUT 120)
target_include_directories(test_fuzz_replay PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
target_compile_definitions(test_fuzz_replay PRIVATE MIG_FUZZ_DIR="${CMAKE_CURRENT_SOURCE_DIR}/fuzz")

# Sanitizer builds (MIG_SANITIZE): every test of this directory runs with the sanitizers'
# options, set in ctest's own environment when it reads the test list (so plain `ctest` in the
# build folder has them): LeakSanitizer's suppressions (third-party leaks only, each explained in
# tests/fuzz/lsan.supp), UBSan stack traces.
if(MIG_LSAN_SUPPRESSIONS)
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/sanitizer-env.cmake
    "set(ENV{LSAN_OPTIONS} \"suppressions=${MIG_LSAN_SUPPRESSIONS}:print_suppressions=0\")\n"
    "set(ENV{UBSAN_OPTIONS} \"print_stacktrace=1:halt_on_error=1\")\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${CMAKE_CURRENT_BINARY_DIR}/sanitizer-env.cmake)
endif()
