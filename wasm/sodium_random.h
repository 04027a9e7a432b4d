// Force-included into libsodium's randombytes.c for the wasm build.
// libsodium reads entropy from Module.getRandomValue, which pre.js always
// sets (crypto.getRandomValues). Its randombytes_stir would otherwise set
// one up when missing, falling back to `require('crypto')`: that fallback
// never runs here, yet it puts Node's crypto into the generated JS and so
// into every browser bundle. Its only EM_ASM block is that set-up; the
// entropy call itself (EM_ASM_INT_V) is left as it is.
#pragma once
#include <emscripten.h>
#undef EM_ASM
#define EM_ASM(...) ((void)0)
