/* plot_svg.h - the pieces every chart of plot.h is drawn with (plot.c): the palette and font,
 * the document's start, text escaped for XML, and the finished string.
 *
 * Colours are the Okabe-Ito colour-blind-safe palette; text is 16 px and up on a white ground.
 */
#ifndef CLI_PLOT_SVG_H
#define CLI_PLOT_SVG_H

#include "common/buf.h"

#define FONT       "DejaVu Sans, Helvetica, Arial, sans-serif"
#define BLUE       "#0072B2" /* Okabe-Ito blue: training, right answers */
#define VERMILLION "#D55E00" /* Okabe-Ito vermillion: validation, mistakes */
#define INK        "#222222" /* text */
#define GRID       "#e3e3e3"
#define CHAR_EM    0.62 /* estimated width of one character, in font sizes */

/* "<?xml ...><svg ...>" of w x h pixels on a white ground. */
void plot_svg_begin(Bytes *b, int w, int h);
/* Appends text escaped for XML character data and attribute values: & < > " ' become entities,
 * control characters are dropped and bytes that are not valid UTF-8 become '?'. */
void plot_svg_escaped(Bytes *b, const char *text);
/* Estimated width in pixels of text at a font size (CHAR_EM per character). */
double plot_svg_text_width(const char *s, double size);
/* <text> at (x, y) with the given attributes around escaped content. */
void plot_svg_text(Bytes *b, double x, double y, double size, const char *attrs, const char *text);
/* Text turned 90 degrees anticlockwise about its anchor (x, y), centred there: a y-axis title. */
void plot_svg_upright_text(Bytes *b, double x, double y, double size, const char *attrs,
                           const char *text);
/* The finished string, or NULL (and nothing to free) after an allocation failure. */
char *plot_svg_finish(Bytes *b);

#endif
