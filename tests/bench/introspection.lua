-- wrk script: RFC 7662 introspection of one JWT access token, client_secret_basic.
-- SIGID_BENCH_BASIC and SIGID_BENCH_TOKEN are set by run_http_bench.sh.
wrk.method = "POST"
wrk.body = "token=" .. assert(os.getenv("SIGID_BENCH_TOKEN"), "SIGID_BENCH_TOKEN is not set")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. assert(os.getenv("SIGID_BENCH_BASIC"), "SIGID_BENCH_BASIC is not set")
