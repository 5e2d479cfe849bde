# The SQLite demo (issue 8): migctl demo, then the release applied, verified and rolled back.
mig_test(test_demo_sqlite demo SOURCES demo/test_demo_sqlite.cpp PROPERTIES TIMEOUT 120)
target_include_directories(test_demo_sqlite PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/run ${PROJECT_SOURCE_DIR}/app/core)
target_link_libraries(test_demo_sqlite PRIVATE Qt6::Sql SQLite::SQLite3)
add_dependencies(test_demo_sqlite migctl)
