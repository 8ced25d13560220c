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

## L'application (kleroterion app) : les phrases de la page.
app-started = L'application est à l'adresse { $url } (cet ordinateur seulement). Fermez son dernier onglet ou appuyez sur Ctrl-C pour l'arrêter.
app-tagline = Tirage au sort équitable et vérifiable des assemblées citoyennes, sur votre propre ordinateur.
app-language = Langue
app-step-load = 1. Charger
app-step-check = 2. Vérifier les quotas
app-step-prepare = 3. Préparer
app-step-draw = 4. Tirer
app-step-results = 5. Résultats
app-step-verify = Vérifier un tirage
app-private-note = Vos fichiers restent sur cet ordinateur : cette page ne parle qu'au programme qui l'a ouverte.
app-load-title = Charger les volontaires et les quotas
app-file-people = Volontaires
app-file-people-help = CSV ou classeur, une ligne par personne.
app-file-features = Quotas
app-file-features-help = Colonnes feature, value, min, max.
app-file-settings = Paramètres (facultatif)
app-file-settings-help = settings.toml, ou remplissez le formulaire ci-dessous.
app-sheet = Feuille
app-dropped = Chargé : { $file }
app-drop-hint = Vous pouvez aussi glisser un fichier sur sa case.
app-settings-form = Pas de fichier de paramètres ? Remplissez-les ici
app-settings-form-help = Chargez d'abord les volontaires : les choix viennent de son en-tête.
app-settings-id = Colonne de l'identifiant de chaque personne
app-settings-keep = Colonnes à garder dans les résultats
app-settings-household = Colonnes de l'adresse (une personne par foyer) ; aucune pour en permettre plusieurs
app-settings-algorithm = Algorithme de sélection
app-algorithm-leximin = LEXIMIN : des chances aussi égales que les quotas le permettent
app-algorithm-maximin = MAXIMIN : la plus petite chance aussi grande que possible
app-algorithm-nash = NASH : le produit des chances aussi grand que possible
app-algorithm-legacy = LEGACY : la méthode gloutonne de la Sortition Foundation
app-algorithm-settings = Comme le disent les paramètres (LEXIMIN s'ils ne disent rien)
app-settings-use = Utiliser ces paramètres
app-settings-used = Ces paramètres sont utilisés désormais.
app-panel-size = Sièges de l'assemblée
app-title = Nom de l'assemblée (pour le rapport)
app-next-check = Suite : vérifier
app-next-prepare = Suite : préparer
app-next-draw = Suite : tirer
app-next-results = Suite : résultats
app-check-title = Vérifier les quotas face aux volontaires
app-run-check = Vérifier
app-working = En cours…
app-col-feature = Critère
app-col-value = Valeur
app-col-min = Min
app-col-max = Max
app-col-pool = Parmi les volontaires
app-col-panel = Dans l'assemblée
app-feasible = Une assemblée qui respecte tous les quotas existe ({ $candidates } volontaires peuvent être tirés).
app-relaxation = Les quotas ne peuvent pas tous être respectés. Le plus petit changement qui permet une assemblée est prêt dans un fichier de quotas.
app-accept-relaxation = Utiliser les quotas assouplis
app-download-relaxation = Télécharger les quotas assouplis
app-check-report = Ouvrir le rapport de la vérification des quotas
app-prepare-title = Préparer la loterie et publier son engagement
app-prepare-help = La loterie est calculée et scellée maintenant ; son empreinte est publiée avant que la graine n'existe, si bien que personne ne peut choisir la graine pour choisir l'assemblée.
app-seed-source = Comment la graine sera produite
app-seed-source-help = dice (dés à six faces lancés en public), dice:N, lottery:NOM,AAAA-MM-JJ,K,N (les numéros d'une loterie publique), drand:ROUND, ou custom:TEXTE.
app-run-prepare = Préparer
app-cancel = Annuler
app-cancelled = Annulé : rien n'a été écrit.
app-cancelling = Arrêt à la prochaine étape du calcul…
app-progress-stages = Étape { $stage } : { $fixed } groupes de volontaires sur { $groups } ont leur chance fixée ({ $seconds } s).
app-progress-panels = Chances fixées en { $stages } étapes ; écriture de la loterie : { $panels } assemblées trouvées ({ $seconds } s).
app-prepared = La loterie est scellée. Publiez l'empreinte ci-dessous avant que la graine ne soit produite.
app-announcement-title = Annonce de l'engagement
app-announcement-intro = Avant que la graine ne soit produite, publiez cette empreinte avec la date du jour : chacun pourra vérifier ensuite que l'assemblée tirée est celle qu'elle a scellée.
app-hash = Empreinte de l'engagement
app-copy = Copier
app-announced-procedure = La graine sera
app-announced-date = Date
app-print = Imprimer l'annonce
app-draw-title = Tirer l'assemblée
app-seed = La graine, telle que la procédure l'a produite (par exemple les faces des dés dans l'ordre des lancers)
app-internal = Écrire aussi le rapport de l'organisateur avec les noms (privé)
app-run-draw = Tirer
app-drawn = Billet { $ticket } sur { $tickets } tiré.
app-panel = L'assemblée
app-results-title = Résultats
app-results-help = Les fichiers sous publish/ sont pour tous ; les autres contiennent des données personnelles : gardez-les privés.
app-private = privé
app-public = à publier
app-no-results = Pas encore de résultats : préparez puis tirez d'abord.
app-report = Le rapport de sélection
app-verify-title = Vérifier un tirage publié
app-verify-help = Déposez le registre d'audit publié ; ajoutez les fichiers d'entrée, un registre d'observateur ou votre reçu pour en vérifier davantage.
app-file-audit = Registre d'audit
app-file-observer = Registre d'observateur (facultatif)
app-file-receipt = Votre reçu (facultatif)
app-verify-inputs = Les volontaires, quotas et paramètres chargés à l'étape 1, s'il y en a, sont aussi vérifiés face au registre.
app-published = L'empreinte de l'engagement publiée par l'organisateur (facultatif)
app-run-verify = Vérifier
app-check-passed = réussi
app-check-failed = échoué
app-check-skipped = non vérifié
app-verify-ok = Le registre est vérifié.
app-verify-failed = Le registre ne se vérifie pas.
app-verify-report = Ouvrir le rapport de la vérification
