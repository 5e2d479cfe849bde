# The PostgreSQL demo (issue 8): its generator (no server needed), then the five-migration
# release taken through go/no-go, applied, verified (the 16 checks) and rolled back by the real
# migctl on a database of its own on the fixture's server.
mig_test(test_demo_postgres demo
  SOURCES demo/test_demo_postgres.cpp demo/test_demo_postgres_data.cpp
  PROPERTIES FIXTURES_REQUIRED postgres ENVIRONMENT MIG_TEST_PG_PORT=${MIG_PG_PORT} TIMEOUT 180)
target_link_libraries(test_demo_postgres PRIVATE Qt6::Sql)
target_include_directories(test_demo_postgres PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/integration)
add_dependencies(test_demo_postgres migctl)
