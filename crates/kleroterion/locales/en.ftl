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
