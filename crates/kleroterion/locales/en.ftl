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

## The app (kleroterion app): the page's sentences.
app-started = The app is at { $url } (this computer only). Close its last tab or press Ctrl-C to end it.
app-tagline = Fair, verifiable selection of citizens' assemblies, on your own computer.
app-language = Language
app-step-load = 1. Load
app-step-check = 2. Check
app-step-prepare = 3. Prepare
app-step-draw = 4. Draw
app-step-results = 5. Results
app-step-verify = Verify a draw
app-private-note = Your files stay on this computer: this page talks only to the program that opened it.
app-load-title = Load the volunteers and the quotas
app-file-people = Volunteers
app-file-people-help = CSV or workbook, one row per person.
app-file-features = Quotas
app-file-features-help = Columns feature, value, min, max.
app-file-settings = Settings (optional)
app-file-settings-help = settings.toml, or fill in the form below.
app-sheet = Sheet
app-dropped = Loaded: { $file }
app-drop-hint = You can also drag a file onto its box.
app-settings-form = No settings file? Fill in the settings
app-settings-form-help = Load the volunteers first: the choices come from its header.
app-settings-id = Column with each person's id
app-settings-keep = Columns to keep in the results
app-settings-household = Columns of the address (one person per household); none to allow several
app-settings-algorithm = Selection algorithm
app-algorithm-leximin = LEXIMIN: chances as equal as the quotas allow
app-algorithm-maximin = MAXIMIN: the smallest chance as large as possible
app-algorithm-nash = NASH: the product of chances as large as possible
app-algorithm-legacy = LEGACY: the Sortition Foundation's greedy method
app-algorithm-settings = As the settings say (LEXIMIN if they say nothing)
app-settings-use = Use these settings
app-settings-used = These settings are used from now on.
app-panel-size = Seats on the panel
app-title = Name of the assembly (for the report)
app-next-check = Next: check
app-next-prepare = Next: prepare
app-next-draw = Next: draw
app-next-results = Next: results
app-check-title = Check the quotas against the volunteers
app-run-check = Check
app-working = Working…
app-col-feature = Feature
app-col-value = Value
app-col-min = Min
app-col-max = Max
app-col-pool = In the pool
app-col-panel = On the panel
app-feasible = A panel that meets every quota exists ({ $candidates } volunteers can be drawn).
app-relaxation = The quotas cannot all be met. The cheapest change that allows a panel is ready as a quota file.
app-accept-relaxation = Use the relaxed quotas
app-download-relaxation = Download the relaxed quotas
app-check-report = Open the check's report page
app-prepare-title = Prepare the lottery and publish its commitment
app-prepare-help = The lottery is computed and sealed now; its hash is published before the seed exists, so nobody can choose the seed to pick the panel.
app-seed-source = How the seed will be produced
app-seed-source-help = dice (six-sided dice thrown in public), dice:N, lottery:NAME,YYYY-MM-DD,K,N (a public lottery's numbers), drand:ROUND, or custom:TEXT.
app-run-prepare = Prepare
app-cancel = Cancel
app-cancelled = Cancelled: nothing was written.
app-cancelling = Stopping at the solve's next step…
app-progress-stages = Stage { $stage }: { $fixed } of { $groups } groups of volunteers have their chance fixed ({ $seconds } s).
app-progress-panels = Chances fixed in { $stages } stages; writing them as a lottery: { $panels } panels found ({ $seconds } s).
app-prepared = The lottery is sealed. Publish the hash below before the seed is produced.
app-announcement-title = Announcement of the commitment
app-announcement-intro = Before the seed is produced, publish this hash with today's date: anyone can then check that the panel drawn is the one it sealed.
app-hash = Commitment hash
app-copy = Copy
app-announced-procedure = The seed will be
app-announced-date = Date
app-print = Print the announcement
app-draw-title = Draw the panel
app-seed = The seed, as the procedure produced it (e.g. the dice faces in the order thrown)
app-internal = Also write the organiser's report with names (private)
app-run-draw = Draw
app-drawn = Ticket { $ticket } of { $tickets } drawn.
app-panel = The panel
app-results-title = Results
app-results-help = Files under publish/ are for everyone; the others hold personal data: keep them private.
app-private = private
app-public = to publish
app-no-results = No results yet: prepare and draw first.
app-report = The selection report
app-verify-title = Verify a published draw
app-verify-help = Drop the published audit record; add the input files, an observer record or your receipt to check more.
app-file-audit = Audit record
app-file-observer = Observer record (optional)
app-file-receipt = Your receipt (optional)
app-verify-inputs = The volunteers, quotas and settings loaded in step 1, if any, are checked against the record too.
app-published = The commitment hash the organiser published (optional)
app-run-verify = Verify
app-check-passed = passed
app-check-failed = failed
app-check-skipped = skipped
app-verify-ok = The record verifies.
app-verify-failed = The record does not verify.
app-verify-report = Open the verification's report page
