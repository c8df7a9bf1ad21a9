-- wrk script: RFC 6749 §4.4 client_credentials with client_secret_basic.
-- SIGID_BENCH_BASIC = base64("client_id:client_secret"); run_http_bench.sh sets it.
wrk.method = "POST"
wrk.body = "grant_type=client_credentials&scope=read"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. assert(os.getenv("SIGID_BENCH_BASIC"), "SIGID_BENCH_BASIC is not set")
