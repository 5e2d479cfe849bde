# Benchmarks (issue 9): the measuring tools of tests/bench/run_benchmarks.sh
# (packaging/bootstrap.sh bench). Built with the tests, never registered with CTest: their
# figures depend on the machine, so they are printed and kept in tests/bench/RESULTS.md,
# never pass/fail. (bench_gui_stall, the GUI stall benchmark, is built in ui/run.cmake.)
add_executable(bench_exec bench/bench_exec.cpp)
add_executable(bench_split bench/bench_split.cpp)
target_link_libraries(bench_split PRIVATE Mig::Core ${PG_QUERY_LIBRARY})
target_include_directories(bench_split PRIVATE ${PG_QUERY_INCLUDE_DIR})
