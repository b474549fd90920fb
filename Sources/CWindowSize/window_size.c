#include "window_size.h"

#include <SDL2/SDL.h>
#include <SDL2/SDL_syswm.h>

/* Kept in C, away from Swift: Xlib's headers define names (Window, Bool, None) that must not
   leak into the Swift modules. */
int attnviz_native_window_size(void *sdl_window, int *width, int *height) {
#if defined(SDL_VIDEO_DRIVER_X11)
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (sdl_window == NULL || !SDL_GetWindowWMInfo((SDL_Window *)sdl_window, &info) || info.subsystem != SDL_SYSWM_X11) {
        return 0;
    }
    XWindowAttributes attributes;
    if (!XGetWindowAttributes(info.info.x11.display, info.info.x11.window, &attributes)) return 0;
    if (attributes.width <= 0 || attributes.height <= 0) return 0;
    *width = attributes.width;
    *height = attributes.height;
    return 1;
#else
    (void)sdl_window; (void)width; (void)height;
    return 0;
#endif
}
