/* xdnd_drop.c - drops a file onto an X11 window the way a file manager does (the XDND
 * protocol, version 5), for the GUI tests: xdotool can move the mouse but cannot drag files.
 *
 * usage: xdnd_drop WINDOW_ID FILE
 *
 * As the drag source it sends the target XdndEnter (offering text/uri-list), XdndPosition at
 * the window's middle and XdndDrop, answers the target's request for the selection with the
 * file's URI, and waits for XdndFinished. Exits 0 when the target accepted and finished, 1 when
 * it refused or did not answer within 5 s, 2 on wrong usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>

static Display *dpy;
static Window source, target;
static Atom a_enter, a_position, a_status, a_drop, a_finished, a_selection, a_uri_list,
    a_copy;

static void send_message(Atom type, long l1, long l2, long l3, long l4)
{
    XEvent e;
    memset(&e, 0, sizeof e);
    e.xclient.type = ClientMessage;
    e.xclient.display = dpy;
    e.xclient.window = target;
    e.xclient.message_type = type;
    e.xclient.format = 32;
    e.xclient.data.l[0] = (long)source;
    e.xclient.data.l[1] = l1;
    e.xclient.data.l[2] = l2;
    e.xclient.data.l[3] = l3;
    e.xclient.data.l[4] = l4;
    XSendEvent(dpy, target, False, NoEventMask, &e);
    XFlush(dpy);
}

/* Waits up to `seconds` for an event; returns 0 and fills e, or -1 on timeout. */
static int next_event(XEvent *e, double seconds)
{
    struct timespec t0, now;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        if (XPending(dpy)) {
            XNextEvent(dpy, e);
            return 0;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        double el = (double)(now.tv_sec - t0.tv_sec) + (double)(now.tv_nsec - t0.tv_nsec) / 1e9;
        if (el > seconds)
            return -1;
        int fd = ConnectionNumber(dpy);
        fd_set set;
        FD_ZERO(&set);
        FD_SET(fd, &set);
        struct timeval tv = {0, 50000};
        select(fd + 1, &set, NULL, NULL, &tv);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: xdnd_drop WINDOW_ID FILE\n");
        return 2;
    }
    char *end;
    target = (Window)strtoul(argv[1], &end, 0);
    if (*end || !target) {
        fprintf(stderr, "xdnd_drop: '%s' is not a window id\n", argv[1]);
        return 2;
    }
    char uri[4200];
    snprintf(uri, sizeof uri, "file://%s\r\n", argv[2]);
    dpy = XOpenDisplay(NULL);
    if (!dpy) {
        fprintf(stderr, "xdnd_drop: cannot open the display\n");
        return 1;
    }
    a_enter = XInternAtom(dpy, "XdndEnter", False);
    a_position = XInternAtom(dpy, "XdndPosition", False);
    a_status = XInternAtom(dpy, "XdndStatus", False);
    a_drop = XInternAtom(dpy, "XdndDrop", False);
    a_finished = XInternAtom(dpy, "XdndFinished", False);
    a_selection = XInternAtom(dpy, "XdndSelection", False);
    a_uri_list = XInternAtom(dpy, "text/uri-list", False);
    a_copy = XInternAtom(dpy, "XdndActionCopy", False);
    source = XCreateSimpleWindow(dpy, DefaultRootWindow(dpy), 0, 0, 1, 1, 0, 0, 0);
    XSetSelectionOwner(dpy, a_selection, source, CurrentTime);

    /* the middle of the target, in root coordinates */
    XWindowAttributes wa;
    int x = 0, y = 0;
    Window child;
    if (XGetWindowAttributes(dpy, target, &wa))
        XTranslateCoordinates(dpy, target, DefaultRootWindow(dpy), wa.width / 2, wa.height / 2,
                              &x, &y, &child);

    send_message(a_enter, 5L << 24, (long)a_uri_list, 0, 0);
    send_message(a_position, 0, ((long)x << 16) | (y & 0xffff), CurrentTime, (long)a_copy);
    int accepted = 0, dropped = 0, finished = 0;
    XEvent e;
    while (!finished && next_event(&e, 5.0) == 0) {
        if (e.type == ClientMessage && e.xclient.message_type == a_status && !dropped) {
            accepted = (int)(e.xclient.data.l[1] & 1);
            if (!accepted)
                break;
            send_message(a_drop, 0, CurrentTime, 0, 0);
            dropped = 1;
        } else if (e.type == SelectionRequest) {
            XSelectionRequestEvent *r = &e.xselectionrequest;
            XEvent reply;
            memset(&reply, 0, sizeof reply);
            reply.xselection.type = SelectionNotify;
            reply.xselection.display = dpy;
            reply.xselection.requestor = r->requestor;
            reply.xselection.selection = r->selection;
            reply.xselection.target = r->target;
            reply.xselection.time = r->time;
            reply.xselection.property = None;
            if (r->target == a_uri_list && r->property != None) {
                XChangeProperty(dpy, r->requestor, r->property, a_uri_list, 8, PropModeReplace,
                                (const unsigned char *)uri, (int)strlen(uri));
                reply.xselection.property = r->property;
            }
            XSendEvent(dpy, r->requestor, False, NoEventMask, &reply);
            XFlush(dpy);
        } else if (e.type == ClientMessage && e.xclient.message_type == a_finished) {
            finished = 1;
        }
    }
    XDestroyWindow(dpy, source);
    XCloseDisplay(dpy);
    if (!accepted || !finished) {
        fprintf(stderr, "xdnd_drop: the window %s\n",
                !accepted ? "did not accept the drop" : "did not finish the drop");
        return 1;
    }
    return 0;
}
