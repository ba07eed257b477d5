# The Python module `tamis` (python/): pybind11 and Debian's Python 3 (/usr/bin/python3 unless
# -DPython3_EXECUTABLE=... names another; the pyenv python first on some PATHs has no pandas or
# Dask). Sets TAMIS_PYTHON when both are found; every library is then compiled as
# position-independent code so that the module (a shared object) can link the static libraries.
set(TAMIS_PYTHON OFF)
if(TAMIS_BUILD_PYTHON AND (TAMIS_SANITIZE OR TAMIS_BUILD_FUZZERS))
  # A sanitized extension needs the sanitizer runtime preloaded into python3: left out.
  message(STATUS "Sanitizer or fuzzer build: the Python module tamis is not built")
elseif(TAMIS_BUILD_PYTHON)
  if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
    set(Python3_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "Python 3 the tamis module is built for")
  endif()
  find_package(Python3 COMPONENTS Interpreter Development.Module)
  if(Python3_FOUND)
    find_package(pybind11 CONFIG QUIET)
  endif()
  if(Python3_FOUND AND pybind11_FOUND)
    set(TAMIS_PYTHON ON)
    set(CMAKE_POSITION_INDEPENDENT_CODE ON)
    # PIC without the cost of symbol interposition: calls within a library stay direct and
    # inlinable, as in the position-independent executables Debian's GCC builds by default.
    add_compile_options(-fno-semantic-interposition)
    message(STATUS "Python module tamis: ${Python3_EXECUTABLE} (${Python3_VERSION}), pybind11 ${pybind11_VERSION}")
  else()
    message(STATUS "Python 3 development files or pybind11 not found: the Python module tamis is not built")
  endif()
endif()
