/*
 * Benchmark baseline: loads the two files named on the command line with
 * jansson, one after the other, as `relcheck diff` would have to without
 * threads, and frees them. Prints nothing; time and peak memory are
 * measured from outside.
 */
#include <stdio.h>

#include <jansson.h>

int main(int argc, char **argv)
{
    json_error_t e;
    json_t *a, *b;

    if (argc != 3)
        return 2;
    a = json_load_file(argv[1], 0, &e);
    b = a ? json_load_file(argv[2], 0, &e) : NULL;
    if (a == NULL || b == NULL) {
        fprintf(stderr, "%s\n", e.text);
        return 2;
    }
    json_decref(a);
    json_decref(b);
    return 0;
}
