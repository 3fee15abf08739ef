/*
 * The baseline of the notice benchmark: GMime alone parsing an mbox, each
 * message constructed (headers, MIME tree, parts' content located) and
 * dropped, nothing decoded or searched. Prints the number of messages.
 * Build: cc -O2 gmime_parse.c $(pkg-config --cflags --libs gmime-3.0)
 */
#include <fcntl.h>
#include <stdio.h>

#include <gmime/gmime.h>

int main(int argc, char **argv)
{
    GMimeStream *stream;
    GMimeParser *parser;
    long n = 0;
    int fd;

    if (argc != 2 || (fd = open(argv[1], O_RDONLY)) < 0) {
        fprintf(stderr, "usage: gmime_parse MBOX\n");
        return 2;
    }
    g_mime_init();
    stream = g_mime_stream_fs_new(fd);
    parser = g_mime_parser_new_with_stream(stream);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MBOX);
    while (!g_mime_parser_eos(parser)) {
        GMimeMessage *msg = g_mime_parser_construct_message(parser, NULL);
        if (msg == NULL)
            break;
        n++;
        g_object_unref(msg);
    }
    g_object_unref(parser);
    g_object_unref(stream);
    printf("%ld messages\n", n);
    return 0;
}
