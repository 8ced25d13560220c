# The selection report, in English. Every message here must exist in fr.ftl and es.ftl.
report-title = Selection report
report-lang = en
summary-heading = Summary
summary-pool = Volunteers in the pool
summary-seats = Seats on the panel
summary-method = Selection method
summary-date = Report written on
summary-tool = Tool
summary-committed = Committed draw: the lottery was published before the seed existed, so nobody could choose the panel.
summary-practice = Practice draw: the lottery was not published before the seed, so this draw proves nothing to an outsider. Do not use it to seat an assembly.
method-leximin = LEXIMIN: of all the lotteries over panels that meet the quotas, the one that makes the smallest chance of selection as large as possible, then the next smallest, and so on.
method-maximin = MAXIMIN: of all the lotteries over panels that meet the quotas, one that makes the smallest chance of selection as large as possible.
method-nash = NASH: of all the lotteries over panels that meet the quotas, the one that maximises the product of everyone's chances.
method-legacy = LEGACY: the Sortition Foundation's greedy method, which picks people one at a time; it does not compute anyone's chance.
representation-heading = Representation
representation-intro = For each feature, the quota agreed for the panel, the share of the pool with each value, and the seats the panel gives it.
column-value = Value
column-quota = Quota
column-pool = In the pool
column-panel = On the panel
quota-range = { $min } to { $max }
legend-quota = quota range
legend-pool = share of the pool
legend-panel = share of the panel
fairness-heading = Fairness
fairness-intro = Every volunteer's chance of selection was fixed by the lottery before the seed was known.
fairness-smallest = Smallest chance
fairness-largest = Largest chance
fairness-equal = An equal chance for everyone (seats ÷ volunteers)
fairness-below-equal = Volunteers below the equal chance
fairness-chart = How many volunteers had each chance of selection
fairness-none = The LEGACY method computes no chances, so their fairness cannot be shown.
draw-heading = The draw
draw-commitment = Commitment hash
draw-seed-source = Seed source
draw-seed = Seed
draw-ticket = Ticket drawn
draw-ticket-of = { $ticket } of { $tickets }
seed-dice = { $dice } dice of { $sides } sides, thrown in public
seed-lottery = the numbers of { $name } on { $date }
seed-drand = round { $round } of the drand public randomness beacon
seed-custom = free text: { $procedure }
verify-heading = Check it yourself
verify-intro = Anyone can check this draw from the published audit record, without any personal data and without trusting this program: the second check needs only Python.
verify-receipt = Each volunteer can check their own entry with the receipt they were given:
reserves-heading = Reserves
reserves-text = { $count ->
    [one] One volunteer is on the reserve list, in the order drawn.
   *[other] { $n } volunteers are on the reserve list, in the order drawn.
  } For each seat the organiser has the reserves who can take it without breaking a quota.
no-panel-heading = Volunteers on no possible panel
no-panel-text = { $count ->
    [one] One volunteer could not be on any panel that meets the quotas, so their chance was zero.
   *[other] { $n } volunteers could not be on any panel that meets the quotas, so their chance was zero.
  }
skipped-heading = Rows left out of the pool
skipped-text = { $count ->
    [one] One row of the volunteers' file was left out, as the record lists.
   *[other] { $n } rows of the volunteers' file were left out, as the record lists.
  }
footer = Made with kleroterion { $version }. This page contains no personal data: volunteers appear only as counts.
stage-check = Quota check: no lottery has been made yet; this page compares the quotas with the pool.
stage-commitment = The lottery is fixed: it was committed, and its hash published, before the seed exists. Once the seed is known the panel follows from it, and anyone can check that it does.
draw-seed-future = The seed will be
verification-heading = Verification
verification-passed = { $count ->
    [one] The one check passed.
   *[other] All { $n } checks that could run passed.
  }
verification-failed = { $count ->
    [one] One check FAILED: do not trust this draw until it is explained.
   *[other] { $n } checks FAILED: do not trust this draw until they are explained.
  }
verification-skipped = { $count ->
    [one] One check could not run without more files.
   *[other] { $n } checks could not run without more files.
  }
verification-language = The verifier's findings are given in English, as it wrote them.
column-check = Check
column-result = Result
column-detail = What was found
check-passed = passed
check-failed = FAILED
check-skipped = skipped
internal-banner = INTERNAL COPY: this page names the people on the panel. Do not publish it; publish report.html.
internal-heading = The panel (internal)
footer-internal = Made with kleroterion { $version }. Internal copy with personal data: keep it private.
legacy-heading = Compared with the LEGACY method
legacy-intro = What the Sortition Foundation's original greedy method would have given the same pool and quotas, estimated from { $draws } draws (it computes no chances itself); ± is the estimate's 95% margin.
fairness-rounding = Rounding the exact lottery to { $tickets } equally likely tickets moved nobody's chance by more than { $moved }.
column-population = Population
legend-population = share of the population
relaxation-heading = The quotas cannot all be met
relaxation-intro = No panel meets every quota. The smallest change to the quotas that makes a panel possible, for the organisers to decide on:
relaxation-none = Even the flexible bounds of the quotas (min_flex, max_flex) do not allow a panel: the quotas need to be reconsidered, or more volunteers recruited.
column-feature = Feature
column-bound = Bound
column-now = Now
column-proposed = Proposed
bound-min = minimum
bound-max = maximum
quota-exact = exactly { $n }
internal-seats-heading = Reserves for each seat (internal): whom to call, in order, when a member cancels
cli-report-written = Report written to { $path }.
cli-report-printed = Report printed to { $path }.
cli-check-feasible = A panel of { $seats } that meets every quota exists ({ $candidates } volunteers can be drawn).
cli-commitment-written = Commitment written to { $path }.
cli-publish-hash = Publish this commitment hash, with today's date, before the seed exists:
cli-seed-will-be = The seed will be: { $source }.
cli-free-text-weaker = note: a free-text seed source is weaker; verifiers flag it (use dice or lottery).
cli-keep-private = Keep { $path } private: it holds the salt behind the pseudonyms.
cli-drew = Drew { $drawn } of { $seats } seats with { $algorithm } and seed { $seed } ({ $how }{ $ticket }); results in { $dir }.
cli-drew-committed = committed draw
cli-drew-practice = practice draw, not committed in advance
cli-drew-ticket = , ticket { $ticket } of { $tickets }
cli-publish-audit = Publish { $audit }; everything else in { $dir } is private (observer.json for an independent observer, receipts.csv for each volunteer).
cli-checking = Checking the draw from commitment { $hash }
cli-verifies = The record verifies.
