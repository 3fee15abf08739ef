# Sanitizer and coverage switches. They apply to every target of the build so
# that the library, the executable and the tests agree on instrumentation.
if(RELCHECK_ASAN)
  add_compile_options(-fsanitize=address -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address)
endif()
if(RELCHECK_UBSAN)
  add_compile_options(-fsanitize=undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=undefined)
endif()
if(RELCHECK_COVERAGE)
  add_compile_options(--coverage -O0)
  add_link_options(--coverage)
endif()
