-- POST page saves (the edit form, with its CSRF token) over pages in turn.
-- Usage: wrk -tN ... -s save.lua http://host:port -- pages.txt <csrf token> N
-- pages.txt: "<edit path>\t<current revision>\t<title>" per line. Each thread saves its
-- own share of the pages, so two saves of one page are never in flight at once and each
-- names the revision the previous one made (a 409 conflict counts as an error).
local pages, counter, threads, token = {}, 0, {}, ""

-- wrk runs setup() and init() of one thread, and starts it, before the next thread's
-- setup(): the number of threads comes as an argument, not from counting setups.
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function encode(s)
  return (s:gsub("[^%w%-_%.~ ]", function(c) return string.format("%%%02X", c:byte()) end)
           :gsub(" ", "+"))
end

function init(args)
  token = args[2]
  local count, n = tonumber(args[3]), 0
  for line in io.lines(args[1]) do
    local path, base, title = line:match("^([^\t]+)\t(%d+)\t(.*)$")
    if path and n % count == tonumber(id) then
      table.insert(pages, {path = path, base = tonumber(base), title = title})
    end
    n = n + 1
  end
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  -- wrk calls the first thread's request() once before the run to check it, and never
  -- sends that one: it must not count a save.
  if tonumber(id) == 0 and not checked then
    checked = true
    return wrk.format("POST", pages[1].path, nil, "")
  end
  counter = counter + 1
  local page = pages[(counter % #pages) + 1]
  local body = "csrf_token=" .. encode(token) .. "&base=" .. page.base ..
    "&title=" .. encode(page.title) .. "&summary=bench&body=" ..
    encode("Saved by the load benchmark, edit " .. counter .. " of thread " .. id ..
           ".\n\nThe olive harvest [[" .. page.title .. "]] and the welding workshop, " ..
           "with photos from the partner school and the results of our survey.")
  page.base = page.base + 1
  return wrk.format("POST", page.path, nil, body)
end

-- Saves the server accepted (a redirect to the page), to compare with the revisions made.
-- Refused ones by kind: a 409 is an edit conflict (a page's previous save of this thread
-- still in flight when its turn came again), anything else a failure.
function response(status, headers, body)
  if status < 400 then accepted = (accepted or 0) + 1
  elseif status == 409 then conflicts = (conflicts or 0) + 1
  else failures = (failures or 0) + 1 end
end

function done(summary, latency, requests)
  local e, saved, conflicted, failed = summary.errors, 0, 0, 0
  for _, t in ipairs(threads) do
    saved = saved + (t:get("accepted") or 0)
    conflicted = conflicted + (t:get("conflicts") or 0)
    failed = failed + (t:get("failures") or 0)
  end
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "p50_ms": %.3f, "p95_ms": %.3f, ' ..
    '"p99_ms": %.3f, "max_ms": %.3f, "errors": %d, "accepted": %d, ' ..
    '"conflicts": %d, "failures": %d}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout + e.status, saved, conflicted, failed))
end
