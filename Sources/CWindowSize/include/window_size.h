#ifndef ATTNVIZ_WINDOW_SIZE_H
#define ATTNVIZ_WINDOW_SIZE_H

/* The size the windowing system says an SDL window has, where SDL's own bookkeeping can be
   wrong: after a fullscreen request that no window manager acted on (a bare X server, Xvfb),
   SDL reports the desktop's size while the window keeps its own. `sdl_window` is an
   SDL_Window*. Returns 1 and sets *width, *height when known (X11), 0 otherwise. */
int attnviz_native_window_size(void *sdl_window, int *width, int *height);

#endif
