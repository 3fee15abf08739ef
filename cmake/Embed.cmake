# rc_embed(TARGET OUTPUT BASE FILES...): compiles FILES (paths relative to
# BASE) into the target as a table of assets, looked up at run time with
# asset_find() (runner/core/asset.h). Templates and the bundled example are
# assets, never C string literals.
set(RC_EMBED_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/EmbedScript.cmake")

function(rc_embed target output base)
  set(files ${ARGN})
  set(abs "")
  foreach(f IN LISTS files)
    list(APPEND abs "${base}/${f}")
  endforeach()
  string(REPLACE ";" "|" joined "${files}")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND ${CMAKE_COMMAND} "-DBASE=${base}" "-DFILES=${joined}"
            "-DOUTPUT=${output}" -P "${RC_EMBED_SCRIPT}"
    DEPENDS ${abs} "${RC_EMBED_SCRIPT}"
    COMMENT "Embedding ${target} assets"
    VERBATIM)
  target_sources(${target} PRIVATE "${output}")
endfunction()
