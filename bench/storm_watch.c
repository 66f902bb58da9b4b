/*
 * storm_watch.c - what rapd-storm's main thread does while a storm runs:
 * every STORM_WATCH_NS (100 ms) it reads the pipeline's counters
 * (pipeline_stats: completed 4-way handshakes over all workers), appends
 * the reading to the throughput series that --plot draws, and redraws the
 * progress bar on stderr.
 *
 * Main thread only; the counters are read relaxed, as pipeline.h allows,
 * so a reading may lag a worker by one handshake. Owns the series'
 * memory while it grows (storm_result_free releases it). The bar is drawn
 * only when the caller says stderr is a terminal (o->progress): one line
 * rewritten in place with a carriage return and erased (ANSI "erase
 * line") when the window ends, so it never mixes with the report. Nothing
 * is read or drawn when neither a series nor a bar is wanted.
 */
#include "storm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BAR_WIDTH 30
#define SERIES_FIRST_CAP 256

static void series_add(struct storm_series *s, double t_s, uint64_t c)
{
	struct storm_sample *v;
	size_t cap;

	if (s->truncated)
		return;
	if (s->n == s->cap) {
		cap = s->cap ? s->cap * 2 : SERIES_FIRST_CAP;
		v = realloc(s->v, cap * sizeof(*v));
		if (!v) {
			s->truncated = true; /* the plot says so */
			return;
		}
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n].t_s = t_s;
	s->v[s->n].connected = c;
	s->n++;
}

static const char *watch_label(const struct storm_watch *w)
{
	return w->o->phase ? w->o->phase : storm_mode_name(w->o->mode);
}

/* The fraction done: of the expected associations, else of the time. */
static double watch_fraction(const struct storm_watch *w, double t_s,
			     uint64_t c)
{
	double f = 0;

	if (w->expected)
		f = (double)c / (double)w->expected;
	else if (w->o->duration_s > 0)
		f = t_s / w->o->duration_s;
	return f < 0 ? 0 : f > 1 ? 1 : f;
}

static void bar_draw(struct storm_watch *w, double t_s, uint64_t c)
{
	char bar[BAR_WIDTH + 1];
	unsigned fill = (unsigned)(watch_fraction(w, t_s, c) * BAR_WIDTH);
	double rate = t_s > 0 ? (double)c / t_s : 0;

	memset(bar, '#', fill);
	memset(bar + fill, '.', BAR_WIDTH - fill);
	bar[BAR_WIDTH] = '\0';
	if (w->expected)
		fprintf(stderr, "\r%s [%s] %llu/%llu associations, %.0f/s ",
			watch_label(w), bar, (unsigned long long)c,
			(unsigned long long)w->expected, rate);
	else
		fprintf(stderr, "\r%s [%s] %.1f/%.1f s, %llu associations, "
			"%.0f/s ", watch_label(w), bar, t_s,
			w->o->duration_s, (unsigned long long)c, rate);
	fflush(stderr);
	w->drawn = true;
}

void storm_watch_start(struct storm_watch *w, const struct storm_opts *o,
		       struct storm_result *res, uint64_t expected,
		       uint64_t t0_ns)
{
	memset(w, 0, sizeof(*w));
	w->o = o;
	w->series = o->plot_dir ? &res->series : NULL;
	w->t0_ns = t0_ns;
	w->next_ns = t0_ns; /* the first reading: the window's start */
	w->expected = expected;
}

void storm_watch_tick(struct storm_watch *w, struct pipeline *p,
		      uint64_t now_ns)
{
	static struct pipe_stats st; /* ~30 KiB: off the stack */
	double t_s;

	if (now_ns < w->next_ns || (!w->series && !w->o->progress))
		return;
	w->next_ns += STORM_WATCH_NS;
	if (w->next_ns <= now_ns) /* the main thread was late: no burst */
		w->next_ns = now_ns + STORM_WATCH_NS;
	pipeline_stats(p, &st);
	w->last_connected = storm_connected(&st);
	t_s = (double)(now_ns - w->t0_ns) * 1e-9;
	if (w->series)
		series_add(w->series, t_s, w->last_connected);
	if (w->o->progress)
		bar_draw(w, t_s, w->last_connected);
}

void storm_watch_end(struct storm_watch *w, uint64_t end_ns,
		     uint64_t connected)
{
	double end_s = (double)(end_ns - w->t0_ns) * 1e-9;
	struct storm_series *s = w->series;

	if (s) {
		/* Readings after the window's end are not part of it. */
		while (s->n && s->v[s->n - 1].t_s >= end_s)
			s->n--;
		series_add(s, end_s, connected);
	}
	if (w->drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		w->drawn = false;
	}
}
