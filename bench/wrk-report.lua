-- wrk's totals as one exact JSON line (its own summary rounds bytes to MB
-- and leaves out the latency percentiles). Defines only `done`, so wrk still
-- sends its static request and runs no Lua per request or response.
done = function(summary, latency, requests)
  io.write(string.format(
    'WRK_RESULT {"requests":%.0f,"bytes":%.0f,"durationUs":%.0f,"connect":%.0f,"read":%.0f,"write":%.0f,' ..
      '"status":%.0f,"timeout":%.0f,"p50Us":%.0f,"p99Us":%.0f}\n',
    summary.requests, summary.bytes, summary.duration,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
