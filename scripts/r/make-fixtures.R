#!/usr/bin/env Rscript
# Reference values for the registry statistics (src/registry/stats/*.test.ts,
# src/registry/analyze.test.ts). Run from the repository root:
#
#   Rscript scripts/r/make-fixtures.R
#
# and commit the output, test/fixtures/cohort/r-values.json, so that CI does not need R.
# Needs (Debian): r-base-core r-cran-survival r-cran-jsonlite; r-cran-coin and
# r-cran-exactranktests, when installed, cross-check the exact Wilcoxon p-values.
# Edge cases where R returns NA or stops are written as null, as CONTRACTS.md (`analyze`) decides.

suppressPackageStartupMessages({
  library(survival)
  library(jsonlite)
})
have_coin <- suppressWarnings(requireNamespace("coin", quietly = TRUE))
have_ert <- suppressWarnings(requireNamespace("exactRankTests", quietly = TRUE))

nullable <- function(x) if (length(x) == 0 || is.na(x) || !is.finite(x)) NULL else unname(x)
quiet <- function(expr) suppressWarnings(tryCatch(expr, error = function(e) NULL))

# ---- descriptive ---------------------------------------------------------------------------
descriptive_case <- function(x) list(
  x = x, mean = mean(x), sd = nullable(sd(x)),
  q1 = unname(quantile(x, 0.25, type = 7)), median = unname(quantile(x, 0.5, type = 7)),
  q3 = unname(quantile(x, 0.75, type = 7)), iqr = IQR(x, type = 7),
  p10 = unname(quantile(x, 0.1, type = 7)), p90 = unname(quantile(x, 0.9, type = 7))
)
set.seed(6)
descriptive <- list(
  descriptive_case(c(1, 2, 3, 4)),
  descriptive_case(c(5)),
  descriptive_case(c(2, 2, 3, 7, 9, 10)),
  descriptive_case(c(3, 1, 4, 1, 5, 9, 2, 6)),
  descriptive_case(round(rnorm(37, 68, 9), 1)),
  descriptive_case(c(-2, 0, 0, 0, 1, 5, 8))
)

# ---- Wilcoxon signed rank -----------------------------------------------------------------
# Exact two-sided p of V given the observed mid-ranks: the distribution of the sum of
# randomly signed doubled ranks (integers), built by convolution, probabilities halved each step.
exact_signed_rank_p <- function(d) {
  d <- d[d != 0]
  r2 <- as.integer(round(2 * rank(abs(d))))
  v2 <- as.integer(round(sum(2 * rank(abs(d))[d > 0])))
  total <- sum(r2)
  f <- c(1, rep(0, total))
  for (di in r2) f <- (f + c(rep(0, di), f[seq_len(length(f) - di)])) / 2
  lower <- sum(f[1:(v2 + 1)])
  upper <- sum(f[(v2 + 1):(total + 1)])
  min(1, 2 * min(lower, upper))
}
wilcoxon_case <- function(name, d) {
  nz <- d[d != 0]
  if (length(nz) == 0) return(list(name = name, d = d, n = 0, V = NULL, p_normal = NULL, p_exact = NULL))
  w <- suppressWarnings(wilcox.test(d, exact = FALSE, correct = TRUE))
  p_exact <- exact_signed_rank_p(d)
  ties <- length(unique(abs(nz))) != length(nz)
  if (!ties) {
    # Without ties the exact p is R's own psignrank p (zeros dropped first).
    pr <- wilcox.test(nz, exact = TRUE)$p.value
    stopifnot(abs(pr - p_exact) <= 1e-12 * max(1, pr))
  }
  if (have_coin && length(nz) <= 60) {
    pc <- coin::pvalue(coin::wilcoxsign_test(nz ~ rep(0, length(nz)), zero.method = "Wilcoxon",
                                            distribution = "exact"))
    stopifnot(abs(pc - p_exact) <= 1e-9 * max(1e-300, p_exact) + 1e-15)
  }
  if (have_ert && length(nz) <= 60) {
    pe <- suppressWarnings(exactRankTests::wilcox.exact(nz, exact = TRUE)$p.value)
    stopifnot(abs(pe - p_exact) <= 1e-9 * max(1e-300, p_exact) + 1e-15)
  }
  list(name = name, d = d, n = length(nz), V = unname(w$statistic), p_normal = w$p.value, p_exact = p_exact)
}
set.seed(50)
d50 <- sample(c(-3:5), 50, replace = TRUE)
set.seed(200)
d200 <- sample(c(-4:6), 200, replace = TRUE)
set.seed(12)
d_noties <- round(rnorm(12, 1, 3), 2)
wilcoxon <- list(
  wilcoxon_case("three positive", c(1, 2, 3)),
  wilcoxon_case("single negative", c(-1)),
  wilcoxon_case("single positive", c(2)),
  wilcoxon_case("one each way", c(1, -1)),
  wilcoxon_case("all zero", c(0, 0, 0)),
  wilcoxon_case("ties and zeros", c(1, 1, 2, 2, -1, 3, 0, 0, 4, -2)),
  wilcoxon_case("all tied", c(2, 2, 2, -2, 2)),
  wilcoxon_case("no ties n=12", d_noties),
  wilcoxon_case("n=50 with ties", d50),
  wilcoxon_case("n=200 with ties", d200),
  wilcoxon_case("balanced", c(1, -1, 2, -2, 3, -3))
)

# ---- Friedman -----------------------------------------------------------------------------
friedman_case <- function(name, m) {
  f <- quiet(friedman.test(m))
  stat <- if (is.null(f)) NULL else nullable(f$statistic)
  list(name = name, k = ncol(m), data = as.vector(t(m)), n = nrow(m),
       statistic = stat, df = ncol(m) - 1, p = if (is.null(stat)) NULL else f$p.value)
}
set.seed(4)
m_rand <- matrix(sample(0:10, 30 * 4, replace = TRUE), ncol = 4)
friedman <- list(
  friedman_case("no ties", rbind(c(1, 2, 3), c(1, 3, 2), c(1, 2, 3))),
  friedman_case("ties", rbind(c(7, 5, 5, 4), c(8, 6, 6, 6), c(6, 6, 4, 3), c(9, 5, 7, 7), c(5, 5, 5, 5))),
  friedman_case("random 30 x 4", m_rand),
  friedman_case("all tied", rbind(c(3, 3, 3, 3), c(6, 6, 6, 6)))
)

# ---- Fisher -------------------------------------------------------------------------------
fisher_case <- function(name, m) {
  list(name = name, table = lapply(seq_len(nrow(m)), function(i) m[i, ]),
       p = fisher.test(m, workspace = 2e7)$p.value)
}
fisher <- list(
  fisher_case("2 x 2", matrix(c(3, 1, 1, 3), 2)),
  fisher_case("2 x 2 lady tasting tea", matrix(c(4, 0, 0, 4), 2)),
  fisher_case("4 x 2 one extravasation", rbind(c(1, 3), c(0, 5), c(0, 5), c(0, 4))),
  fisher_case("4 x 2", rbind(c(3, 9), c(1, 14), c(0, 11), c(2, 20))),
  fisher_case("3 x 2", rbind(c(5, 2), c(1, 8), c(4, 4))),
  fisher_case("4 x 2 larger", rbind(c(12, 30), c(4, 41), c(2, 38), c(9, 55))),
  fisher_case("3 x 3", rbind(c(3, 1, 0), c(1, 4, 2), c(0, 2, 5))),
  fisher_case("3 x 3 job satisfaction", rbind(c(2, 8, 3), c(5, 4, 9), c(7, 1, 2))),
  fisher_case("2 x 4", rbind(c(2, 0, 5, 1), c(3, 6, 1, 4))),
  fisher_case("3 x 4", rbind(c(1, 2, 0, 4), c(3, 0, 2, 1), c(0, 3, 4, 2)))
)

# ---- Kaplan-Meier -------------------------------------------------------------------------
km_times <- c(0, 0.5, 1, 2.5, 6, 12, 24, 100)
km_case <- function(name, time, status) {
  fit <- survfit(Surv(time, status) ~ 1, conf.type = "log")
  s <- summary(fit, times = km_times, extend = TRUE)
  na <- function(v) lapply(v, nullable)
  list(name = name, time_in = time, status = status,
       time = fit$time, n_risk = fit$n.risk, n_event = fit$n.event, n_censor = fit$n.censor,
       surv = fit$surv, std_err = na(fit$std.err), lower = na(fit$lower), upper = na(fit$upper),
       median = nullable(summary(fit)$table[["median"]]),
       at = km_times, at_surv = s$surv, at_lower = na(s$lower), at_upper = na(s$upper))
}
km <- list(
  km_case("censoring, S reaches 0", c(1, 2, 2, 3, 4, 4, 5, 6, 7, 8), c(1, 1, 0, 1, 0, 1, 1, 0, 1, 1)),
  km_case("S = 0.5 exactly, then drops", 1:6, c(1, 1, 1, 0, 1, 0)),
  km_case("never reaches 0.5", c(2, 3, 5, 8, 13, 21), c(1, 0, 0, 1, 0, 0)),
  km_case("ties of events and censorings, time 0", c(0, 0, 1, 1, 1, 3, 3, 9, 12, 30), c(1, 0, 1, 1, 0, 1, 0, 1, 0, 1)),
  km_case("no events", c(3, 3, 4), c(0, 0, 0))
)

# ---- normal and chi-square ------------------------------------------------------------------
z <- c(-40, -37, -20, -8.5, -6, -5.7, -3, -1.96, -0.7, -0.5, -1e-9, 0, 0.3, 0.67, 0.675, 1, 2.5, 5.6, 5.7, 9, 30)
normal <- list(z = z, lower = pnorm(z), upper = pnorm(z, lower.tail = FALSE))
chisq_x <- c(0.001, 0.5, 1, 2.3, 3, 4.6667, 7.81, 15, 30, 80, 200)
chisq <- lapply(c(1, 2, 3, 5, 10), function(df) list(df = df, x = chisq_x,
  lower = pchisq(chisq_x, df), upper = pchisq(chisq_x, df, lower.tail = FALSE)))

# ---- whole reports of the cohort fixtures (contract field names) ----------------------------
counts <- function(v) as.list(table(v))
report <- function(path) {
  co <- read.csv(path, stringsAsFactors = FALSE, na.strings = "")
  pain <- list()
  for (t in c("2w", "3m", "6m", "12m", "24m")) {
    both <- !is.na(co$pain_baseline) & !is.na(co[[paste0("pain_", t)]])
    d <- co$pain_baseline[both] - co[[paste0("pain_", t)]][both]
    w <- wilcoxon_case(t, d)
    imp <- if (length(d) == 0) list(median = NULL, q1 = NULL, q3 = NULL, iqr = NULL) else
      list(median = median(d), q1 = unname(quantile(d, 0.25)), q3 = unname(quantile(d, 0.75)), iqr = IQR(d))
    pain[[t]] <- list(n = length(d), improvement = imp,
                      wilcoxon = list(V = w$V, p_normal = w$p_normal, p_exact = w$p_exact))
  }
  cc <- co[complete.cases(co[, c("pain_baseline", "pain_2w", "pain_3m", "pain_6m")]),
           c("pain_baseline", "pain_2w", "pain_3m", "pain_6m")]
  fr <- if (nrow(cc) >= 2) friedman_case("cohort", as.matrix(cc)) else list(statistic = NULL, p = NULL)
  ext <- table(factor(co$guidance), co$complication == "cement_extravasation")
  fp <- if (nrow(ext) < 2 || ncol(ext) < 2) 1 else fisher.test(ext)$p.value
  fit <- survfit(Surv(followup_months, died) ~ 1, data = co, conf.type = "log")
  s <- summary(fit, times = c(6, 12, 24), extend = TRUE)
  at <- list()
  for (i in 1:3) at[[as.character(c(6, 12, 24)[i])]] <-
    list(s = s$surv[i], lower = nullable(s$lower[i]), upper = nullable(s$upper[i]))
  list(
    n = nrow(co),
    age = list(mean = mean(co$age), sd = nullable(sd(co$age))),
    followup_months = list(mean = mean(co$followup_months), sd = nullable(sd(co$followup_months)),
                           min = min(co$followup_months), max = max(co$followup_months)),
    guidance = list(counts = counts(co$guidance)),
    primary = list(counts = counts(co$primary)),
    complications = list(counts = counts(co$complication)),
    pain = pain,
    friedman = list(n = nrow(cc), statistic = fr$statistic, df = 3, p = fr$p),
    fisher_extravasation_by_guidance = list(p = fp),
    km = list(median_months = nullable(summary(fit)$table[["median"]]), survival_at = at)
  )
}
dir <- "test/fixtures/cohort"
reports <- list(
  published = report(file.path(dir, "published.csv")),
  tiny = report(file.path(dir, "tiny.csv")),
  tied = report(file.path(dir, "tied.csv"))
)

out <- list(
  generated_by = "scripts/r/make-fixtures.R",
  r_version = R.version.string,
  survival_version = as.character(packageVersion("survival")),
  descriptive = descriptive, wilcoxon = wilcoxon, friedman = friedman, fisher = fisher, km = km,
  normal = normal, chisq = chisq, reports = reports
)
# digits = NA: 15 significant digits, far below the 1e-6 the tests require.
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = TRUE),
           file.path(dir, "r-values.json"))
cat("wrote", file.path(dir, "r-values.json"), "\n")
