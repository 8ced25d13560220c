# Le rapport de tirage, en français. Chaque message doit exister dans en.ftl et es.ftl.
report-title = Rapport de tirage au sort
report-lang = fr
summary-heading = Résumé
summary-pool = Volontaires inscrits
summary-seats = Sièges du panel
summary-method = Méthode de sélection
summary-date = Rapport rédigé le
summary-tool = Outil
summary-committed = Tirage engagé : la loterie a été publiée avant que la graine n'existe, personne n'a donc pu choisir le panel.
summary-practice = Tirage d'essai : la loterie n'a pas été publiée avant la graine, ce tirage ne prouve donc rien à un tiers. Ne l'utilisez pas pour constituer une assemblée.
method-leximin = LEXIMIN : parmi toutes les loteries sur des panels qui respectent les quotas, celle qui rend la plus petite chance d'être tiré aussi grande que possible, puis la suivante, et ainsi de suite.
method-maximin = MAXIMIN : parmi toutes les loteries sur des panels qui respectent les quotas, une qui rend la plus petite chance d'être tiré aussi grande que possible.
method-nash = NASH : parmi toutes les loteries sur des panels qui respectent les quotas, celle qui maximise le produit des chances de chacun.
method-legacy = LEGACY : la méthode gloutonne de la Sortition Foundation, qui choisit les personnes une à une ; elle ne calcule la chance de personne.
representation-heading = Représentativité
representation-intro = Pour chaque critère, le quota convenu pour le panel, la part des inscrits ayant chaque valeur et les sièges que le panel lui donne.
column-value = Valeur
column-quota = Quota
column-pool = Inscrits
column-panel = Dans le panel
quota-range = { $min } à { $max }
legend-quota = fourchette du quota
legend-pool = part des inscrits
legend-panel = part du panel
fairness-heading = Équité
fairness-intro = La chance de chaque volontaire d'être tiré a été fixée par la loterie avant que la graine ne soit connue.
fairness-smallest = Plus petite chance
fairness-largest = Plus grande chance
fairness-equal = Une chance égale pour tous (sièges ÷ volontaires)
fairness-below-equal = Volontaires en dessous de la chance égale
fairness-chart = Nombre de volontaires pour chaque chance d'être tiré
fairness-none = La méthode LEGACY ne calcule pas les chances : leur équité ne peut pas être montrée.
draw-heading = Le tirage
draw-commitment = Empreinte de l'engagement
draw-seed-source = Source de la graine
draw-seed = Graine
draw-ticket = Billet tiré
draw-ticket-of = { $ticket } sur { $tickets }
seed-dice = { $dice } dés à { $sides } faces, lancés en public
seed-lottery = les numéros de { $name } du { $date }
seed-drand = le tour { $round } de la balise publique d'aléa drand
seed-custom = texte libre : { $procedure }
verify-heading = Vérifiez vous-même
verify-intro = Chacun peut vérifier ce tirage à partir du registre d'audit publié, sans aucune donnée personnelle et sans faire confiance à ce programme : la deuxième vérification n'a besoin que de Python.
verify-receipt = Chaque volontaire peut vérifier sa propre inscription avec le reçu qui lui a été remis :
reserves-heading = Réserves
reserves-text = { $count ->
    [one] Un volontaire figure sur la liste de réserve, dans l'ordre du tirage.
   *[other] { $n } volontaires figurent sur la liste de réserve, dans l'ordre du tirage.
  } Pour chaque siège, l'organisateur dispose des réserves qui peuvent le prendre sans enfreindre de quota.
no-panel-heading = Volontaires sur aucun panel possible
no-panel-text = { $count ->
    [one] Un volontaire ne pouvait figurer sur aucun panel respectant les quotas : sa chance était nulle.
   *[other] { $n } volontaires ne pouvaient figurer sur aucun panel respectant les quotas : leur chance était nulle.
  }
skipped-heading = Lignes écartées
skipped-text = { $count ->
    [one] Une ligne du fichier des volontaires a été écartée, comme l'indique le registre.
   *[other] { $n } lignes du fichier des volontaires ont été écartées, comme l'indique le registre.
  }
footer = Réalisé avec kleroterion { $version }. Cette page ne contient aucune donnée personnelle : les volontaires n'y figurent qu'en nombres.
stage-check = Vérification des quotas : aucune loterie n'a encore été établie ; cette page compare les quotas aux inscrits.
stage-commitment = La loterie est fixée : elle a été engagée, et son empreinte publiée, avant que la graine n'existe. Une fois la graine connue, le panel en découle, et chacun peut le vérifier.
draw-seed-future = La graine sera
verification-heading = Vérification
verification-passed = { $count ->
    [one] La vérification a réussi.
   *[other] Les { $n } vérifications qui ont pu être faites ont réussi.
  }
verification-failed = { $count ->
    [one] Une vérification a ÉCHOUÉ : ne vous fiez pas à ce tirage avant qu'elle ne soit expliquée.
   *[other] { $n } vérifications ont ÉCHOUÉ : ne vous fiez pas à ce tirage avant qu'elles ne soient expliquées.
  }
verification-skipped = { $count ->
    [one] Une vérification n'a pas pu être faite sans d'autres fichiers.
   *[other] { $n } vérifications n'ont pas pu être faites sans d'autres fichiers.
  }
verification-language = Les constats du vérificateur sont donnés en anglais, tels qu'il les a écrits.
column-check = Vérification
column-result = Résultat
column-detail = Constat
check-passed = réussie
check-failed = ÉCHOUÉE
check-skipped = non faite
internal-banner = COPIE INTERNE : cette page nomme les membres du panel. Ne la publiez pas ; publiez report.html.
internal-heading = Le panel (interne)
footer-internal = Réalisé avec kleroterion { $version }. Copie interne avec des données personnelles : gardez-la privée.
legacy-heading = Comparaison avec la méthode LEGACY
legacy-intro = Ce que la méthode gloutonne d'origine de la Sortition Foundation aurait donné avec les mêmes inscrits et quotas, estimé sur { $draws } tirages (elle ne calcule pas elle-même les chances) ; ± est la marge à 95 % de l'estimation.
fairness-rounding = Arrondir la loterie exacte à { $tickets } billets équiprobables n'a modifié la chance de personne de plus de { $moved }.
column-population = Population
legend-population = part de la population
relaxation-heading = Les quotas ne peuvent pas tous être respectés
relaxation-intro = Aucun panel ne respecte tous les quotas. Le plus petit changement des quotas qui rend un panel possible, à soumettre à la décision des organisateurs :
relaxation-none = Même les marges des quotas (min_flex, max_flex) ne permettent aucun panel : il faut revoir les quotas, ou recruter davantage de volontaires.
column-feature = Critère
column-bound = Borne
column-now = Actuelle
column-proposed = Proposée
bound-min = minimum
bound-max = maximum
quota-exact = exactement { $n }
internal-seats-heading = Réserves pour chaque siège (interne) : qui appeler, dans l'ordre, quand un membre se désiste
cli-report-written = Rapport écrit dans { $path }.
cli-report-printed = Rapport imprimé dans { $path }.
cli-check-feasible = Un panel de { $seats } respectant tous les quotas existe ({ $candidates } volontaires peuvent être tirés).
cli-commitment-written = Engagement écrit dans { $path }.
cli-publish-hash = Publiez cette empreinte d'engagement, avec la date du jour, avant que la graine n'existe :
cli-seed-will-be = La graine sera : { $source }.
cli-free-text-weaker = remarque : une graine en texte libre est plus faible ; les vérificateurs le signalent (utilisez des dés ou une loterie).
cli-keep-private = Gardez { $path } privé : il contient le sel derrière les pseudonymes.
cli-drew = { $drawn } des { $seats } sièges tirés avec { $algorithm } et la graine { $seed } ({ $how }{ $ticket }) ; résultats dans { $dir }.
cli-drew-committed = tirage engagé
cli-drew-practice = tirage d'essai, non engagé à l'avance
cli-drew-ticket = , billet { $ticket } sur { $tickets }
cli-publish-audit = Publiez { $audit } ; tout le reste de { $dir } est privé (observer.json pour un observateur indépendant, receipts.csv pour chaque volontaire).
cli-checking = Vérification du tirage de l'engagement { $hash }
cli-verifies = Le registre est vérifié.
