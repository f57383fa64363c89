/*
 * One pass over the bytes of an Arrow string array, measuring each value's shape: which
 * characters it holds (a 64-bit set) and a few counts. Detectors test these before running a
 * pattern, so a column is read once here instead of once per detector.
 *
 * detectors/value_shapes.py owns the meaning of every bit and count and carries a numpy
 * version of the same measure, which the tests hold this one to.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* Row-major order of the counts returned: features[k * n + row]. */
enum {
    F_DIGITS,
    F_HEX_LETTERS,
    F_WHITESPACE,
    F_DOTS,
    F_COLONS,
    F_DASHES,
    F_DIGIT_RUN,
    F_HEX_RUN,
    F_HEX_BLOCK,
    N_FEATURES
};

enum {
    K_DIGIT = 1,
    K_HEX_LETTER = 2,
    K_WHITESPACE = 4,
    K_DOT = 8,
    K_COLON = 16,
    K_DASH = 32,
    K_DIGIT_SEPARATOR = 64,
    K_HEX_SEPARATOR = 128,
};

static uint64_t char_bit[256];
static uint8_t char_kind[256];
/* Per byte, what it adds to the counts: see measure_value. */
static uint64_t lanes_low[256], lanes_high[256];
/* Per byte, what it does to the two runs: adds 0 or 1, and keeps (all ones) or ends one. */
static uint32_t digit_add[256], digit_keep[256], hex_add[256], hex_keep[256];
static uint32_t hex_block_keep[256];

static PyObject *
set_tables(PyObject *self, PyObject *args)
{
    Py_buffer bits, kinds;
    if (!PyArg_ParseTuple(args, "y*y*", &bits, &kinds))
        return NULL;
    if (bits.len != (Py_ssize_t)sizeof(char_bit) || kinds.len != (Py_ssize_t)sizeof(char_kind)) {
        PyBuffer_Release(&bits);
        PyBuffer_Release(&kinds);
        PyErr_SetString(PyExc_ValueError, "tables must be 256 uint64 bits and 256 uint8 kinds");
        return NULL;
    }
    memcpy(char_bit, bits.buf, sizeof(char_bit));
    memcpy(char_kind, kinds.buf, sizeof(char_kind));
    for (int c = 0; c < 256; c++) {
        uint8_t kind = char_kind[c];
        lanes_low[c] = (uint64_t)((kind & K_DIGIT) != 0) | (uint64_t)((kind & K_HEX_LETTER) != 0) << 16 |
                       (uint64_t)((kind & K_WHITESPACE) != 0) << 32 | (uint64_t)((kind & K_DOT) != 0) << 48;
        lanes_high[c] = (uint64_t)((kind & K_COLON) != 0) | (uint64_t)((kind & K_DASH) != 0) << 16;
        digit_add[c] = (kind & K_DIGIT) != 0;
        digit_keep[c] = (kind & (K_DIGIT | K_DIGIT_SEPARATOR)) ? 0xFFFFFFFFu : 0;
        hex_add[c] = (kind & (K_DIGIT | K_HEX_LETTER)) != 0;
        hex_keep[c] = (kind & (K_DIGIT | K_HEX_LETTER | K_HEX_SEPARATOR)) ? 0xFFFFFFFFu : 0;
        hex_block_keep[c] = (kind & (K_DIGIT | K_HEX_LETTER)) ? 0xFFFFFFFFu : 0;
    }
    PyBuffer_Release(&bits);
    PyBuffer_Release(&kinds);
    Py_RETURN_NONE;
}

/*
 * Branch-free, as the bytes of names, emails and IDs alternate unpredictably between letters,
 * digits and punctuation. The six counts travel in two words of 16-bit lanes (digits, hex
 * letters, whitespace, dots | colons, dashes), flushed before a lane could overflow.
 */
static void
measure_value(const uint8_t *p, const uint8_t *end, uint64_t *set_out, int32_t *f, Py_ssize_t n)
{
    uint64_t set = 0, low = 0, high = 0;
    int64_t totals[6] = {0, 0, 0, 0, 0, 0};
    uint32_t digit_run = 0, best_digit_run = 0, hex_run = 0, best_hex_run = 0;
    uint32_t hex_block = 0, best_hex_block = 0;
    while (p < end) {
        const uint8_t *stop = (end - p > 65535) ? p + 65535 : end;
        for (; p < stop; p++) {
            uint8_t c = *p;
            set |= char_bit[c];
            low += lanes_low[c];
            high += lanes_high[c];
            digit_run = (digit_run + digit_add[c]) & digit_keep[c];
            hex_run = (hex_run + hex_add[c]) & hex_keep[c];
            hex_block = (hex_block + 1) & hex_block_keep[c];
            best_digit_run = digit_run > best_digit_run ? digit_run : best_digit_run;
            best_hex_run = hex_run > best_hex_run ? hex_run : best_hex_run;
            best_hex_block = hex_block > best_hex_block ? hex_block : best_hex_block;
        }
        for (int k = 0; k < 4; k++)
            totals[k] += (low >> (16 * k)) & 0xFFFF;
        for (int k = 0; k < 2; k++)
            totals[4 + k] += (high >> (16 * k)) & 0xFFFF;
        low = high = 0;
    }
    *set_out = set;
    for (int k = 0; k < 6; k++)
        f[k * n] = totals[k] > INT32_MAX ? INT32_MAX : (int32_t)totals[k];
    f[F_DIGIT_RUN * n] = (int32_t)(best_digit_run > INT32_MAX ? INT32_MAX : best_digit_run);
    f[F_HEX_RUN * n] = (int32_t)(best_hex_run > INT32_MAX ? INT32_MAX : best_hex_run);
    f[F_HEX_BLOCK * n] = (int32_t)(best_hex_block > INT32_MAX ? INT32_MAX : best_hex_block);
}

/* measure(offsets, data, length, offset, offset_width) -> (charsets bytes, counts bytes) */
static PyObject *
measure(PyObject *self, PyObject *args)
{
    Py_buffer offsets, data;
    Py_ssize_t n, first;
    int width;
    if (!PyArg_ParseTuple(args, "y*y*nni", &offsets, &data, &n, &first, &width))
        return NULL;
    PyObject *sets = NULL, *counts = NULL, *result = NULL;
    /* Checked by division, which cannot overflow whatever n and first a caller passes. */
    if ((width != 4 && width != 8) || n < 0 || first < 0 ||
        first >= offsets.len / width || n > offsets.len / width - 1 - first ||
        (uintptr_t)offsets.buf % (uintptr_t)width != 0) {
        PyErr_SetString(PyExc_ValueError, "offsets do not cover the values, or are misaligned");
        goto done;
    }
    sets = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(uint64_t));
    counts = PyBytes_FromStringAndSize(NULL, n * N_FEATURES * (Py_ssize_t)sizeof(int32_t));
    if (sets == NULL || counts == NULL)
        goto done;
    uint64_t *set_out = (uint64_t *)PyBytes_AS_STRING(sets);
    int32_t *count_out = (int32_t *)PyBytes_AS_STRING(counts);
    const uint8_t *bytes = (const uint8_t *)data.buf;
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < n; i++) {
        int64_t start, stop;
        if (width == 4) {
            start = ((const int32_t *)offsets.buf)[first + i];
            stop = ((const int32_t *)offsets.buf)[first + i + 1];
        } else {
            start = ((const int64_t *)offsets.buf)[first + i];
            stop = ((const int64_t *)offsets.buf)[first + i + 1];
        }
        if (start < 0 || stop < start || stop > data.len) {
            bad = 1;
            break;
        }
        measure_value(bytes + start, bytes + stop, set_out + i, count_out + i, n);
    }
    Py_END_ALLOW_THREADS
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "an offset points outside the data buffer");
        goto done;
    }
    result = PyTuple_Pack(2, sets, counts);
done:
    Py_XDECREF(sets);
    Py_XDECREF(counts);
    PyBuffer_Release(&offsets);
    PyBuffer_Release(&data);
    return result;
}

static PyMethodDef methods[] = {
    {"set_tables", set_tables, METH_VARARGS, "Install the byte tables (bits, kinds)."},
    {"measure", measure, METH_VARARGS,
     "measure(offsets, data, length, offset, offset_width) -> (charsets, counts)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_value_shapes",
    "The shape of every value of an Arrow string array, in one pass (C).", -1, methods,
};

PyMODINIT_FUNC
PyInit__value_shapes(void)
{
    return PyModule_Create(&module);
}
