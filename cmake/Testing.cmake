# Test registration helpers. Unit tests are one cmocka binary per file;
# CLI cases are folders under tests/cli/<command>/<case>/; integration tests
# are scripts under tests/integration/. Each becomes a ctest test with a label.
function(rc_add_unit_test name source)
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE relcheck_core PkgConfig::CMOCKA)
  target_compile_definitions(${name} PRIVATE
    RC_SOURCE_DIR="${PROJECT_SOURCE_DIR}" RC_BINARY_DIR="${PROJECT_BINARY_DIR}")
  rc_apply_warnings(${name})
  target_compile_options(${name} PRIVATE -Wno-missing-prototypes)
  add_test(NAME unit/${name} COMMAND ${name})
  set_tests_properties(unit/${name} PROPERTIES LABELS unit
    ENVIRONMENT "RC_SOURCE_DIR=${PROJECT_SOURCE_DIR};RC_BINARY_DIR=${PROJECT_BINARY_DIR}")
endfunction()

function(rc_add_cli_test case_dir)
  file(RELATIVE_PATH rel "${PROJECT_SOURCE_DIR}/tests/cli" "${case_dir}")
  add_test(NAME cli/${rel}
    COMMAND bash "${PROJECT_SOURCE_DIR}/tests/cli/run_case.sh"
            "$<TARGET_FILE:relcheck>" "${case_dir}")
  set_tests_properties(cli/${rel} PROPERTIES LABELS cli)
endfunction()

# rc_add_script_test(SCRIPT LABEL [TIMEOUT]): runs a bash or Python script
# with RELCHECK, RC_SOURCE_DIR and RC_BINARY_DIR in its environment.
function(rc_add_script_test script label)
  get_filename_component(name "${script}" NAME_WE)
  get_filename_component(ext "${script}" LAST_EXT)
  if(ext STREQUAL ".py")
    set(runner /usr/bin/python3)
  else()
    set(runner bash)
  endif()
  add_test(NAME ${label}/${name} COMMAND ${runner} "${script}")
  set(timeout 600)
  if(ARGC GREATER 2)
    set(timeout ${ARGV2})
  endif()
  set(labels ${label})
  set(serial FALSE)
  if(name MATCHES "browser")
    list(APPEND labels browser)
    set(serial TRUE)  # a page under a loaded machine; not with others
  endif()
  # A script exits 77 when a tool it needs is missing: ctest shows it as
  # skipped, never as passed (CI sets RELCHECK_REQUIRE_BROWSER=1, so a
  # missing browser fails there instead).
  set_tests_properties(${label}/${name} PROPERTIES LABELS "${labels}"
    SKIP_RETURN_CODE 77 RUN_SERIAL ${serial} TIMEOUT ${timeout}
    ENVIRONMENT "RELCHECK=$<TARGET_FILE:relcheck>;RC_SOURCE_DIR=${PROJECT_SOURCE_DIR};RC_BINARY_DIR=${PROJECT_BINARY_DIR};NO_COLOR=1")
endfunction()
