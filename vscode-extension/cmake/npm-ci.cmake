# cmake -DNPM=... -DEXTENSION_DIR=... -DSTAMP=... -P npm-ci.cmake
# Installs the extension's pinned packages with `npm ci` when node_modules is missing or older than
# package-lock.json (npm writes node_modules/.package-lock.json at every install), and touches STAMP
# only then, so whatever depends on the stamp rebuilds only after new packages.
set(installed ${EXTENSION_DIR}/node_modules/.package-lock.json)
set(lockfile ${EXTENSION_DIR}/package-lock.json)
if(NOT EXISTS ${installed} OR NOT ${installed} IS_NEWER_THAN ${lockfile})
  message(STATUS "VS Code extension: npm ci (node_modules is missing or older than package-lock.json)")
  execute_process(COMMAND ${NPM} ci --no-audit --no-fund --loglevel=error
                  WORKING_DIRECTORY ${EXTENSION_DIR}
                  RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "VS Code extension: `npm ci` failed (${result}) in ${EXTENSION_DIR}")
  endif()
  file(TOUCH ${STAMP})
elseif(NOT EXISTS ${STAMP})
  file(TOUCH ${STAMP})
endif()
