# The schema watch after each migration (issue 9): merged snapshots held to whole ones after
# every step on real targets, the safety net that names what the markers missed, and the run
# store's snapshots rebuilt from deltas.
mig_test(test_watch_sqlite integration-sqlite SOURCES watch/test_watch_sqlite.cpp PROPERTIES TIMEOUT 60)
target_include_directories(test_watch_sqlite PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/watch)
mig_test(test_watch_postgres integration-postgres SOURCES watch/test_watch_postgres.cpp
  PROPERTIES FIXTURES_REQUIRED postgres ENVIRONMENT MIG_TEST_PG_PORT=${MIG_PG_PORT} TIMEOUT 60)
target_link_libraries(test_watch_postgres PRIVATE Qt6::Sql)
target_include_directories(test_watch_postgres PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/watch ${CMAKE_CURRENT_SOURCE_DIR}/integration)
# The run store's snapshots from deltas and from whole snapshots (stores written before deltas).
mig_test(test_watch_store unit SOURCES watch/test_watch_store.cpp)
