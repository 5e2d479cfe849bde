# The live run view (issue 6, part 4) and the target health monitor it charts.
# Paths are relative to tests/ (this file is include()d from tests/CMakeLists.txt).

# The health monitor against each engine: SQLite files in temp folders, and the fixtures' servers
# (a database of each test's own; a real standby of the test's own for the replication lag).
mig_test(test_health_sqlite integration-sqlite SOURCES run/test_health_sqlite.cpp PROPERTIES TIMEOUT 120)
target_link_libraries(test_health_sqlite PRIVATE SQLite::SQLite3)
mig_test(test_health_postgres integration-postgres SOURCES run/test_health_postgres.cpp
  PROPERTIES FIXTURES_REQUIRED postgres ENVIRONMENT MIG_TEST_PG_PORT=${MIG_PG_PORT} TIMEOUT 180)
target_link_libraries(test_health_postgres PRIVATE Qt6::Sql)
target_include_directories(test_health_postgres PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/integration ${CMAKE_CURRENT_SOURCE_DIR}/preflight)
target_compile_definitions(test_health_postgres PRIVATE
  MIG_TEST_STANDBY_SCRIPT="${CMAKE_CURRENT_SOURCE_DIR}/preflight/probe_standby.sh"
  MIG_TEST_SERVERS_DIR="${MIG_SERVERS_DIR}")
mig_test(test_health_mariadb integration-mysql SOURCES run/test_health_mariadb.cpp
  PROPERTIES FIXTURES_REQUIRED mariadb ENVIRONMENT MIG_TEST_MARIADB_PORT=${MIG_MARIADB_PORT} TIMEOUT 120)
target_link_libraries(test_health_mariadb PRIVATE Qt6::Sql)
target_include_directories(test_health_mariadb PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/integration ${CMAKE_CURRENT_SOURCE_DIR}/preflight)

# The run view driven by real SQLite runs (worker threads, EventQueue, run store, recovery).
mig_test(test_ui_run ui GUI SOURCES ui/run/test_run_view.cpp PROPERTIES TIMEOUT 180)

# The GUI stall benchmark (issue 6, part 7): built with the tests, run by hand, never by CTest.
#   build/tests/bench_gui_stall [STATEMENTS]
add_executable(bench_gui_stall bench/bench_gui_stall.cpp)
target_link_libraries(bench_gui_stall PRIVATE Mig::Ui)
