#ifndef ATTNVIZ_CSDL2_SHIM_H
#define ATTNVIZ_CSDL2_SHIM_H

#include <SDL2/SDL.h>
#include <SDL2/SDL_ttf.h>

/* Macros Swift cannot import, as functions. */
static inline Uint32 attnviz_SDL_WINDOWPOS_CENTERED(void) { return SDL_WINDOWPOS_CENTERED; }
static inline int attnviz_SDL_MUSTLOCK(SDL_Surface *s) { return SDL_MUSTLOCK(s); }
static inline Uint32 attnviz_PIXELFORMAT_ARGB8888(void) { return SDL_PIXELFORMAT_ARGB8888; }

#endif
