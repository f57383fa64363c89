/*
 * Log lines taken apart in one pass each, without a regex engine: nginx/Apache access log
 * lines and key=value pairs. connectors/log_formats.py holds the RE2 patterns these follow
 * byte for byte; where this module was not built those patterns run instead, and the tests
 * hold the two to each other.
 *
 * Every function returns, per output column, (offsets, data, validity) bytes from which
 * Python builds an Arrow string array without copying again.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* RE2's \s. */
static int
is_space(uint8_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

/* One output column under construction: a span of the input per row, or none. */
typedef struct {
    int64_t *start;
    int64_t *stop;
    uint8_t *valid;
} Spans;

static void
spans_free(Spans *s)
{
    PyMem_Free(s->start);
    PyMem_Free(s->stop);
    PyMem_Free(s->valid);
}

/* 1 when allocated; 0 with nothing left allocated. */
static int
spans_alloc(Spans *s, Py_ssize_t n)
{
    s->start = PyMem_Calloc(n ? n : 1, sizeof(int64_t));
    s->stop = PyMem_Calloc(n ? n : 1, sizeof(int64_t));
    s->valid = PyMem_Calloc(n ? n : 1, 1);
    if (s->start && s->stop && s->valid)
        return 1;
    spans_free(s);
    return 0;
}

/* (offsets int32, data, validity bitmap) of a column; NULL with an exception set on error. */
static PyObject *
spans_to_column(const Spans *s, Py_ssize_t n, const uint8_t *bytes)
{
    int64_t total = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (s->valid[i])
            total += s->stop[i] - s->start[i];
    if (total > INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "a column of more than 2 GiB");
        return NULL;
    }
    PyObject *offsets = PyBytes_FromStringAndSize(NULL, (n + 1) * (Py_ssize_t)sizeof(int32_t));
    PyObject *data = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)total);
    PyObject *validity = PyBytes_FromStringAndSize(NULL, (n + 7) / 8);
    if (!offsets || !data || !validity) {
        Py_XDECREF(offsets);
        Py_XDECREF(data);
        Py_XDECREF(validity);
        return NULL;
    }
    int32_t *off = (int32_t *)PyBytes_AS_STRING(offsets);
    char *out = PyBytes_AS_STRING(data);
    uint8_t *bits = (uint8_t *)PyBytes_AS_STRING(validity);
    memset(bits, 0, (n + 7) / 8);
    int32_t at = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        off[i] = at;
        if (s->valid[i]) {
            int64_t len = s->stop[i] - s->start[i];
            memcpy(out + at, bytes + s->start[i], (size_t)len);
            at += (int32_t)len;
            bits[i / 8] |= (uint8_t)(1u << (i % 8));
        }
    }
    off[n] = at;
    PyObject *column = PyTuple_Pack(3, offsets, data, validity);
    Py_DECREF(offsets);
    Py_DECREF(data);
    Py_DECREF(validity);
    return column;
}

/* The lines of an Arrow string array: offsets (int32) and data, from `first` for `n`. */
typedef struct {
    Py_buffer offsets, data;
    Py_ssize_t n, first;
} Lines;

static int
lines_get(Lines *lines, Py_ssize_t i, int64_t *start, int64_t *stop)
{
    const int32_t *off = (const int32_t *)lines->offsets.buf;
    *start = off[lines->first + i];
    *stop = off[lines->first + i + 1];
    return *start >= 0 && *stop >= *start && *stop <= lines->data.len;
}

static int
lines_check(Lines *lines)
{
    /* Checked by division, which cannot overflow whatever n and first a caller passes. */
    Py_ssize_t slots = lines->offsets.len / (Py_ssize_t)sizeof(int32_t);
    if (lines->n < 0 || lines->first < 0 || lines->first >= slots ||
        lines->n > slots - 1 - lines->first ||
        (uintptr_t)lines->offsets.buf % sizeof(int32_t) != 0) {
        PyErr_SetString(PyExc_ValueError, "offsets do not cover the lines, or are misaligned");
        return 0;
    }
    return 1;
}

/* ---- access log ------------------------------------------------------------------------ */

enum { A_ADDR, A_USER, A_TIME, A_REQUEST, A_STATUS, A_BYTES, A_REFERER, A_AGENT, A_FIELDS };
/* Fields where "-" means none (log_formats._DASH_IS_NULL). */
static const int dash_is_null[A_FIELDS] = {0, 1, 0, 0, 0, 1, 1, 1};

/* After an opening quote at b[i - 1]: (?:[^"\\]|\\.)*" ; the index of the closing quote or -1. */
static int64_t
quoted_end(const uint8_t *b, int64_t i, int64_t len)
{
    while (i < len) {
        uint8_t c = b[i];
        if (c == '"')
            return i;
        if (c == '\\') {
            if (i + 1 >= len || b[i + 1] == '\n')
                return -1;
            i += 2;
        } else {
            i++;
        }
    }
    return -1;
}

/* \S+ from i; its end, or -1 when empty. */
static int64_t
non_space_run(const uint8_t *b, int64_t i, int64_t len)
{
    int64_t s = i;
    while (i < len && !is_space(b[i]))
        i++;
    return i > s ? i : -1;
}

/* The line against log_formats.ACCESS_LOG; 1 and the field spans when it matches. */
static int
access_line(const uint8_t *b, int64_t len, int64_t *start, int64_t *stop)
{
    int64_t i = 0, e;
    /* (?P<remote_addr>\S+) \S+ (?P<remote_user>\S+) */
    if ((e = non_space_run(b, i, len)) < 0 || e >= len || b[e] != ' ')
        return 0;
    start[A_ADDR] = i, stop[A_ADDR] = e, i = e + 1;
    if ((e = non_space_run(b, i, len)) < 0 || e >= len || b[e] != ' ')
        return 0;
    i = e + 1;
    if ((e = non_space_run(b, i, len)) < 0 || e >= len || b[e] != ' ')
        return 0;
    start[A_USER] = i, stop[A_USER] = e, i = e + 1;
    /* \[(?P<time_local>[^\]]+)\] " */
    if (i >= len || b[i] != '[')
        return 0;
    e = ++i;
    while (e < len && b[e] != ']')
        e++;
    if (e == i || e >= len)
        return 0;
    start[A_TIME] = i, stop[A_TIME] = e, i = e + 1;
    if (i + 1 >= len || b[i] != ' ' || b[i + 1] != '"')
        return 0;
    i += 2;
    /* (?P<request>(?:[^"\\]|\\.)*)" */
    if ((e = quoted_end(b, i, len)) < 0)
        return 0;
    start[A_REQUEST] = i, stop[A_REQUEST] = e, i = e + 1;
    /* (?P<status>\d{3}) */
    if (i + 4 > len || b[i] != ' ')
        return 0;
    i++;
    for (int k = 0; k < 3; k++)
        if (b[i + k] < '0' || b[i + k] > '9')
            return 0;
    start[A_STATUS] = i, stop[A_STATUS] = i + 3, i += 3;
    /* (?P<body_bytes_sent>\d+|-) */
    if (i >= len || b[i] != ' ')
        return 0;
    i++;
    e = i;
    while (e < len && b[e] >= '0' && b[e] <= '9')
        e++;
    if (e == i) {
        if (i >= len || b[i] != '-')
            return 0;
        e = i + 1;
    }
    start[A_BYTES] = i, stop[A_BYTES] = e, i = e;
    /* (?: "(?P<referer>...)" "(?P<user_agent>...)")? */
    start[A_REFERER] = stop[A_REFERER] = start[A_AGENT] = stop[A_AGENT] = 0;
    if (i + 1 < len && b[i] == ' ' && b[i + 1] == '"') {
        int64_t r0 = i + 2, r1 = quoted_end(b, r0, len);
        if (r1 >= 0 && r1 + 2 < len && b[r1 + 1] == ' ' && b[r1 + 2] == '"') {
            int64_t u0 = r1 + 3, u1 = quoted_end(b, u0, len);
            if (u1 >= 0) {
                start[A_REFERER] = r0, stop[A_REFERER] = r1;
                start[A_AGENT] = u0, stop[A_AGENT] = u1;
            }
        }
    }
    return 1;
}

/* split_access_log(offsets, data, n, first) -> ([8 columns], line column) */
static PyObject *
split_access_log(PyObject *self, PyObject *args)
{
    Lines lines;
    if (!PyArg_ParseTuple(args, "y*y*nn", &lines.offsets, &lines.data, &lines.n, &lines.first))
        return NULL;
    PyObject *result = NULL, *columns = NULL, *rest = NULL;
    Spans fields[A_FIELDS], line;
    int allocated = 0;
    if (!lines_check(&lines))
        goto done;
    for (; allocated < A_FIELDS; allocated++)
        if (!spans_alloc(&fields[allocated], lines.n))
            goto nomem;
    if (!spans_alloc(&line, lines.n))
        goto nomem;
    allocated++;
    const uint8_t *bytes = (const uint8_t *)lines.data.buf;
    int bad = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t r = 0; r < lines.n; r++) {
        int64_t s, e, start[A_FIELDS], stop[A_FIELDS];
        if (!lines_get(&lines, r, &s, &e)) {
            bad = 1;
            break;
        }
        if (!access_line(bytes + s, e - s, start, stop)) {
            line.start[r] = s, line.stop[r] = e, line.valid[r] = 1;
            continue;
        }
        for (int f = 0; f < A_FIELDS; f++) {
            int64_t len = stop[f] - start[f];
            int dash = len == 1 && bytes[s + start[f]] == '-';
            fields[f].start[r] = s + start[f];
            fields[f].stop[r] = s + stop[f];
            fields[f].valid[r] = len > 0 && !(dash && dash_is_null[f]);
        }
    }
    Py_END_ALLOW_THREADS
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "an offset points outside the data buffer");
        goto done;
    }
    columns = PyList_New(A_FIELDS);
    if (!columns)
        goto done;
    for (int f = 0; f < A_FIELDS; f++) {
        PyObject *column = spans_to_column(&fields[f], lines.n, bytes);
        if (!column)
            goto done;
        PyList_SET_ITEM(columns, f, column);
    }
    if (!(rest = spans_to_column(&line, lines.n, bytes)))
        goto done;
    result = PyTuple_Pack(2, columns, rest);
    goto done;
nomem:
    PyErr_NoMemory();
done:
    for (int f = 0; f < allocated && f < A_FIELDS; f++)
        spans_free(&fields[f]);
    if (allocated > A_FIELDS)
        spans_free(&line);
    Py_XDECREF(columns);
    Py_XDECREF(rest);
    PyBuffer_Release(&lines.offsets);
    PyBuffer_Release(&lines.data);
    return result;
}

/* ---- key=value ------------------------------------------------------------------------- */

/* log_formats._PAIR_START's separators, [\s,;\[\(] */
static int
is_pair_separator(uint8_t c)
{
    return is_space(c) || c == ',' || c == ';' || c == '[' || c == '(';
}

static int
is_key_start(uint8_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int
is_key_char(uint8_t c)
{
    return is_key_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

/* log_formats._UNQUOTED stops at [\s",;\)\]] */
static int
ends_unquoted(uint8_t c)
{
    return is_space(c) || c == '"' || c == ',' || c == ';' || c == ')' || c == ']';
}

typedef struct {
    const char **names;
    Py_ssize_t *lengths;
    Py_ssize_t count;
} Keys;

static Py_ssize_t
key_index(const Keys *keys, const uint8_t *p, int64_t len)
{
    for (Py_ssize_t k = 0; k < keys->count; k++)
        if (keys->lengths[k] == len && memcmp(keys->names[k], p, (size_t)len) == 0)
            return k;
    return -1;
}

/*
 * A pair whose key starts at b[p] (the caller checked what precedes it): the key's index,
 * the value's span and where the pair ends; -1 when no known key= starts there.
 */
static Py_ssize_t
pair_at(const Keys *keys, const uint8_t *b, int64_t p, int64_t len, int64_t *v0, int64_t *v1,
        int64_t *end, int64_t *key_end)
{
    int64_t q = p;
    while (q < len && is_key_char(b[q]))
        q++;
    *key_end = q;
    if (q == p || !is_key_start(b[p]) || q >= len || b[q] != '=')
        return -1;
    Py_ssize_t k = key_index(keys, b + p, q - p);
    if (k < 0)
        return -1;
    int64_t v = q + 1;
    if (v < len && b[v] == '"') {
        int64_t close = quoted_end(b, v + 1, len);
        if (close >= 0) {
            *v0 = v + 1, *v1 = close, *end = close + 1;
            return k;
        }
        *v0 = *v1 = *end = v; /* no closing quote: the unquoted form, empty */
        return k;
    }
    int64_t e = v;
    while (e < len && !ends_unquoted(b[e]))
        e++;
    *v0 = v, *v1 = e, *end = e;
    return k;
}

/*
 * One line: each key's first value (what RE2's leftmost match of that key's pattern finds,
 * quoted text not skipped), and the line with every pair replaced by a space (RE2's global
 * replace: matches do not overlap).
 */
static void
key_value_line(const Keys *keys, const uint8_t *b, int64_t len, int64_t base, Spans *values,
               Py_ssize_t r, uint8_t *rest, int64_t *rest_len)
{
    int64_t v0, v1, end, key_end;
    for (int64_t p = 0; p < len;) {
        if (p > 0 && !is_pair_separator(b[p - 1])) {
            p++;
            continue;
        }
        Py_ssize_t k = pair_at(keys, b, p, len, &v0, &v1, &end, &key_end);
        if (k >= 0 && !values[k].valid[r] && v1 > v0) {
            values[k].start[r] = base + v0, values[k].stop[r] = base + v1;
            values[k].valid[r] = 1;
        }
        if (k >= 0 && !values[k].valid[r])
            values[k].valid[r] = 2; /* found, empty: later occurrences do not count */
        p = key_end > p ? key_end : p + 1;
    }
    int64_t at = 0, copied = 0;
    for (int64_t s = 0; s < len;) {
        int64_t key = -1;
        if (s == 0 && is_key_start(b[0]))
            key = 0;
        else if (is_pair_separator(b[s]) && s + 1 < len)
            key = s + 1;
        if (key >= 0 && pair_at(keys, b, key, len, &v0, &v1, &end, &key_end) >= 0) {
            memcpy(rest + at, b + copied, (size_t)(s - copied));
            at += s - copied;
            rest[at++] = ' ';
            copied = s = end;
            continue;
        }
        s++;
    }
    memcpy(rest + at, b + copied, (size_t)(len - copied));
    *rest_len = at + (len - copied);
}

/* split_key_values(offsets, data, n, first, keys) -> ([column per key], rest column) */
static PyObject *
split_key_values(PyObject *self, PyObject *args)
{
    Lines lines;
    PyObject *key_list;
    if (!PyArg_ParseTuple(args, "y*y*nnO!", &lines.offsets, &lines.data, &lines.n, &lines.first,
                          &PyTuple_Type, &key_list))
        return NULL;
    PyObject *result = NULL, *columns = NULL, *rest_column = NULL, *rest_data = NULL;
    Keys keys = {NULL, NULL, PyTuple_GET_SIZE(key_list)};
    Spans *values = NULL, rest;
    Py_ssize_t allocated = 0;
    int rest_allocated = 0;
    if (!lines_check(&lines))
        goto done;
    keys.names = PyMem_Calloc(keys.count + 1, sizeof(char *));
    keys.lengths = PyMem_Calloc(keys.count + 1, sizeof(Py_ssize_t));
    values = PyMem_Calloc(keys.count + 1, sizeof(Spans));
    if (!keys.names || !keys.lengths || !values)
        goto nomem;
    for (Py_ssize_t k = 0; k < keys.count; k++) {
        PyObject *key = PyTuple_GET_ITEM(key_list, k);
        if (!PyBytes_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "keys must be bytes");
            goto done;
        }
        keys.names[k] = PyBytes_AS_STRING(key);
        keys.lengths[k] = PyBytes_GET_SIZE(key);
    }
    for (; allocated < keys.count; allocated++)
        if (!spans_alloc(&values[allocated], lines.n))
            goto nomem;
    if (!spans_alloc(&rest, lines.n))
        goto nomem;
    rest_allocated = 1;
    /* The rest is never longer than the line (a pair of two or more bytes becomes one). */
    int64_t total = 0;
    for (Py_ssize_t r = 0; r < lines.n; r++) {
        int64_t s, e;
        if (!lines_get(&lines, r, &s, &e)) {
            PyErr_SetString(PyExc_ValueError, "an offset points outside the data buffer");
            goto done;
        }
        total += e - s;
    }
    rest_data = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)total);
    if (!rest_data)
        goto done;
    uint8_t *rest_bytes = (uint8_t *)PyBytes_AS_STRING(rest_data);
    const uint8_t *bytes = (const uint8_t *)lines.data.buf;
    int bad = 0;
    int64_t written = 0;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t r = 0; r < lines.n; r++) {
        int64_t s, e, rest_len;
        if (!lines_get(&lines, r, &s, &e) || written + (e - s) > total) {
            bad = 1;
            break;
        }
        key_value_line(&keys, bytes + s, e - s, s, values, r, rest_bytes + written, &rest_len);
        rest.start[r] = written, rest.stop[r] = written + rest_len, rest.valid[r] = 1;
        written += rest_len;
    }
    for (Py_ssize_t k = 0; k < keys.count && !bad; k++)
        for (Py_ssize_t r = 0; r < lines.n; r++)
            values[k].valid[r] = values[k].valid[r] == 1;
    Py_END_ALLOW_THREADS
    if (bad) {
        PyErr_SetString(PyExc_ValueError, "the lines changed while being read");
        goto done;
    }
    columns = PyList_New(keys.count);
    if (!columns)
        goto done;
    for (Py_ssize_t k = 0; k < keys.count; k++) {
        PyObject *column = spans_to_column(&values[k], lines.n, bytes);
        if (!column)
            goto done;
        PyList_SET_ITEM(columns, k, column);
    }
    if (!(rest_column = spans_to_column(&rest, lines.n, rest_bytes)))
        goto done;
    result = PyTuple_Pack(2, columns, rest_column);
    goto done;
nomem:
    PyErr_NoMemory();
done:
    for (Py_ssize_t k = 0; k < allocated; k++)
        spans_free(&values[k]);
    if (rest_allocated)
        spans_free(&rest);
    PyMem_Free(values);
    PyMem_Free(keys.names);
    PyMem_Free(keys.lengths);
    Py_XDECREF(columns);
    Py_XDECREF(rest_column);
    Py_XDECREF(rest_data);
    PyBuffer_Release(&lines.offsets);
    PyBuffer_Release(&lines.data);
    return result;
}

static PyMethodDef methods[] = {
    {"split_access_log", split_access_log, METH_VARARGS,
     "split_access_log(offsets, data, n, first) -> ([8 columns], line column)"},
    {"split_key_values", split_key_values, METH_VARARGS,
     "split_key_values(offsets, data, n, first, keys) -> ([column per key], rest column)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_log_lines",
    "Access log lines and key=value pairs taken apart in one pass (C).", -1, methods,
};

PyMODINIT_FUNC
PyInit__log_lines(void)
{
    return PyModule_Create(&module);
}
