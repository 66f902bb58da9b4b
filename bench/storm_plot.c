/*
 * storm_plot.c - `rapd-storm --plot DIR`: two PNG charts of a storm, drawn
 * by gnuplot (Debian: gnuplot-nox) from data files written next to them.
 *
 *   DIR/throughput.dat   t_s  assoc_per_s  connected
 *       one row per main-thread reading (every 100 ms, and the window's
 *       end): the complete associations per second over the interval
 *       that ends at t_s, and the running total
 *   DIR/throughput.png   that rate over time (a step per interval)
 *   DIR/latency_cdf.dat  latency_us  fraction
 *       the pipeline's handshake latency histogram (log2 buckets) as a
 *       cumulative distribution: the fraction of handshakes whose latency
 *       bucket ends at or below latency_us
 *   DIR/latency_cdf.png  that CDF, log2 x axis
 *
 * Main thread, after the figures were printed. gnuplot runs as a child
 * process in DIR (so file names in its script need no quoting) and reads
 * its script on stdin; its own messages go to our stderr. Owns nothing
 * past the call. A missing gnuplot is reported, by name, as an error.
 */
#include "storm.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define GNUPLOT "gnuplot"
#define GNUPLOT_MISSING 127 /* the child's status when exec failed */

/* Opens DIR/name for writing; NULL after printing why. */
static FILE *plot_open(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path)) {
		fprintf(stderr, "rapd-storm: --plot %s: path too long\n", dir);
		return NULL;
	}
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "rapd-storm: %s: %s\n", path, strerror(errno));
	return f;
}

static int plot_close(FILE *f, const char *dir, const char *name)
{
	if (ferror(f) | fclose(f)) {
		fprintf(stderr, "rapd-storm: %s/%s: write failed\n", dir, name);
		return -1;
	}
	return 0;
}

static int write_throughput(const char *dir, const struct storm_series *s)
{
	FILE *f = plot_open(dir, "throughput.dat");
	double rate, dt;

	if (!f)
		return -1;
	fputs("# t_s assoc_per_s connected (rapd-storm; rate over the "
	      "interval ending at t_s)\n", f);
	if (s->truncated)
		fputs("# out of memory: the series stops early\n", f);
	for (size_t i = 0; i < s->n; i++) {
		rate = 0;
		dt = i ? s->v[i].t_s - s->v[i - 1].t_s : 0;
		if (dt > 0)
			rate = (double)(s->v[i].connected -
					s->v[i - 1].connected) / dt;
		fprintf(f, "%.4f %.1f %llu\n", s->v[i].t_s, rate,
			(unsigned long long)s->v[i].connected);
	}
	return plot_close(f, dir, "throughput.dat");
}

/* Bucket b holds latencies in [2^b, 2^(b+1)) us; 0 rows when empty. */
static int write_latency_cdf(const char *dir, const struct storm_result *r,
			     unsigned *rows)
{
	FILE *f = plot_open(dir, "latency_cdf.dat");
	uint64_t total = 0, seen = 0;
	unsigned first = PIPE_LAT_BUCKETS, last = 0;

	if (!f)
		return -1;
	for (unsigned b = 0; b < PIPE_LAT_BUCKETS; b++) {
		total += r->lat_hist[b];
		if (r->lat_hist[b]) {
			last = b;
			if (first == PIPE_LAT_BUCKETS)
				first = b;
		}
	}
	fputs("# latency_us fraction (rapd-storm; log2 buckets, each row "
	      "at a bucket's upper bound)\n", f);
	*rows = 0;
	if (total) {
		fprintf(f, "%llu 0\n", 1ull << first);
		for (unsigned b = first; b <= last; b++) {
			seen += r->lat_hist[b];
			fprintf(f, "%llu %.6f\n", 2ull << b,
				(double)seen / (double)total);
		}
		*rows = last - first + 2;
	}
	return plot_close(f, dir, "latency_cdf.dat");
}

/* The script gnuplot reads on stdin (run in DIR). */
static void write_script(FILE *f, const struct storm_result *r)
{
	fputs("set terminal png size 960,540\n"
	      "set grid\nset key off\n", f);
	fprintf(f, "set title 'rapd-storm %s: %u stations",
		storm_mode_name(r->mode), r->stations);
	if (r->rate > 0)
		fprintf(f, " arriving at %g/s", r->rate);
	if (r->duration_s > 0)
		fprintf(f, ", %g s%s", r->duration_s,
			r->churn ? " of churn" : "");
	fprintf(f, ", %u worker%s'\n", r->workers,
		r->workers == 1 ? "" : "s");
	fputs("set output 'throughput.png'\n"
	      "set xlabel 'time since the window began (s)'\n"
	      "set ylabel 'complete associations per second'\n"
	      "set yrange [0:*]\n"
	      "plot 'throughput.dat' using 1:2 with fsteps lw 2\n"
	      "set output 'latency_cdf.png'\n"
	      "set logscale x 2\n"
	      "set xlabel 'handshake latency, association to M4 (us, log2 "
	      "buckets)'\n"
	      "set ylabel 'fraction of handshakes'\n"
	      "set yrange [0:1]\n"
	      "plot 'latency_cdf.dat' using 1:2 with steps lw 2\n", f);
}

/* True when name is an executable file in one of $PATH's folders. */
static bool in_path(const char *name)
{
	const char *path = getenv("PATH"), *p, *colon;
	char file[4096];
	size_t len;

	for (p = path ? path : ""; *p; p = *colon ? colon + 1 : colon) {
		colon = strchr(p, ':');
		if (!colon)
			colon = p + strlen(p);
		len = (size_t)(colon - p);
		if ((size_t)snprintf(file, sizeof(file), "%.*s/%s", (int)len,
				     len ? p : ".", name) < sizeof(file) &&
		    access(file, X_OK) == 0)
			return true;
	}
	return false;
}

/* The child: stdin from the pipe, in DIR, gnuplot. Never returns. */
static void gnuplot_child(int rfd, int wfd, const char *dir)
{
	close(wfd);
	if (dup2(rfd, STDIN_FILENO) < 0 || chdir(dir) != 0)
		_exit(1);
	close(rfd);
	execlp(GNUPLOT, GNUPLOT, (char *)NULL);
	_exit(GNUPLOT_MISSING);
}

/* Runs gnuplot on the script; its exit status, or -1. */
static int run_gnuplot(const char *dir, const struct storm_result *r)
{
	int fds[2], status;
	FILE *f;
	pid_t pid;

	if (pipe(fds) != 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0)
		gnuplot_child(fds[0], fds[1], dir);
	close(fds[0]);
	f = pid > 0 ? fdopen(fds[1], "w") : NULL;
	if (!f) {
		close(fds[1]);
		if (pid > 0)
			waitpid(pid, &status, 0);
		return -1;
	}
	write_script(f, r);
	fclose(f); /* a gnuplot that died early: EPIPE, seen in its status */
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int storm_plot_dir(const char *dir)
{
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		fprintf(stderr, "rapd-storm: --plot %s: %s\n", dir,
			strerror(errno));
		return 1;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		fprintf(stderr, "rapd-storm: --plot %s: %s\n", dir,
			strerror(errno));
		return 1;
	}
	return 0;
}

static int plot_data(const char *dir, const struct storm_result *r)
{
	unsigned rows;

	if (storm_plot_dir(dir) != 0)
		return -1;
	if (write_throughput(dir, &r->series) != 0 ||
	    write_latency_cdf(dir, r, &rows) != 0)
		return -1;
	if (r->series.n < 2 || !rows) {
		fprintf(stderr, "rapd-storm: --plot: %s: nothing to draw\n",
			rows ? "no throughput reading"
			     : "no handshake completed");
		return -1;
	}
	return 0;
}

int storm_plot(const char *dir, const struct storm_result *r)
{
	void (*old)(int);
	int rc;

	if (plot_data(dir, r) != 0)
		return 1;
	if (!in_path(GNUPLOT)) {
		fprintf(stderr, "rapd-storm: --plot: %s not found in PATH "
			"(Debian: apt-get install gnuplot-nox); the data is "
			"in %s/*.dat, no PNG was written\n", GNUPLOT, dir);
		return 1;
	}
	old = signal(SIGPIPE, SIG_IGN);
	rc = run_gnuplot(dir, r);
	signal(SIGPIPE, old);
	if (rc == GNUPLOT_MISSING) {
		fprintf(stderr, "rapd-storm: --plot: cannot run %s (Debian: "
			"apt-get install gnuplot-nox)\n", GNUPLOT);
		return 1;
	}
	if (rc != 0) {
		fprintf(stderr, "rapd-storm: --plot: %s failed (%s %d)\n",
			GNUPLOT, rc < 0 ? "error" : "exit", rc);
		return 1;
	}
	fprintf(stderr, "rapd-storm: wrote %s/throughput.png and "
		"%s/latency_cdf.png\n", dir, dir);
	return 0;
}
