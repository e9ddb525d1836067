/* wm_title.c - the window's title, as every window manager reads it (see wm_title.h). */
#include "draw/wm_title.h"

#ifdef SCRATCHNET_X11
#include <SDL_syswm.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#endif

void wm_title_set(SDL_Window *win, const char *title)
{
    SDL_SetWindowTitle(win, title);
#ifdef SCRATCHNET_X11
    SDL_SysWMinfo info;
    SDL_VERSION(&info.version);
    if (!SDL_GetWindowWMInfo(win, &info) || info.subsystem != SDL_SYSWM_X11)
        return;
    XTextProperty text;
    char *list[1] = {(char *)title};
    if (Xutf8TextListToTextProperty(info.info.x11.display, list, 1, XCompoundTextStyle, &text) !=
        Success)
        return; /* SDL's WM_NAME stays */
    XSetWMName(info.info.x11.display, info.info.x11.window, &text);
    XFree(text.value);
    XFlush(info.info.x11.display);
#endif
}
