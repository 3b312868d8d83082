#ifndef GAZETTE_CTESSERACT_SHIM_H
#define GAZETTE_CTESSERACT_SHIM_H
#include <tesseract/capi.h>
#include <leptonica/allheaders.h>
#endif
