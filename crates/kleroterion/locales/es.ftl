# El informe del sorteo, en español. Cada mensaje debe existir en en.ftl y fr.ftl.
report-title = Informe del sorteo
report-lang = es
summary-heading = Resumen
summary-pool = Personas voluntarias inscritas
summary-seats = Puestos del panel
summary-method = Método de selección
summary-date = Informe redactado el
summary-tool = Herramienta
summary-committed = Sorteo comprometido: la lotería se publicó antes de que existiera la semilla, así que nadie pudo elegir el panel.
summary-practice = Sorteo de prueba: la lotería no se publicó antes de la semilla, así que este sorteo no demuestra nada a terceros. No lo use para constituir una asamblea.
method-leximin = LEXIMIN: de todas las loterías sobre paneles que cumplen las cuotas, la que hace la menor probabilidad de ser elegido lo más grande posible, luego la siguiente, y así sucesivamente.
method-maximin = MAXIMIN: de todas las loterías sobre paneles que cumplen las cuotas, una que hace la menor probabilidad de ser elegido lo más grande posible.
method-nash = NASH: de todas las loterías sobre paneles que cumplen las cuotas, la que maximiza el producto de las probabilidades de todos.
method-legacy = LEGACY: el método voraz de la Sortition Foundation, que elige a las personas una a una; no calcula la probabilidad de nadie.
representation-heading = Representatividad
representation-intro = Para cada criterio, la cuota acordada para el panel, la proporción de inscritos con cada valor y los puestos que el panel le da.
column-value = Valor
column-quota = Cuota
column-pool = Inscritos
column-panel = En el panel
quota-range = { $min } a { $max }
legend-quota = rango de la cuota
legend-pool = proporción de inscritos
legend-panel = proporción del panel
fairness-heading = Equidad
fairness-intro = La probabilidad de cada persona voluntaria de ser elegida quedó fijada por la lotería antes de conocerse la semilla.
fairness-smallest = Menor probabilidad
fairness-largest = Mayor probabilidad
fairness-equal = Una probabilidad igual para todos (puestos ÷ personas voluntarias)
fairness-below-equal = Personas por debajo de la probabilidad igual
fairness-chart = Cuántas personas voluntarias tuvieron cada probabilidad de ser elegidas
fairness-none = El método LEGACY no calcula probabilidades, así que no se puede mostrar su equidad.
draw-heading = El sorteo
draw-commitment = Huella del compromiso
draw-seed-source = Origen de la semilla
draw-seed = Semilla
draw-ticket = Boleto sorteado
draw-ticket-of = { $ticket } de { $tickets }
seed-dice = { $dice } dados de { $sides } caras, lanzados en público
seed-lottery = los números de { $name } del { $date }
seed-drand = la ronda { $round } de la baliza pública de aleatoriedad drand
seed-custom = texto libre: { $procedure }
verify-heading = Compruébelo usted mismo
verify-intro = Cualquiera puede comprobar este sorteo a partir del registro de auditoría publicado, sin ningún dato personal y sin fiarse de este programa: la segunda comprobación solo necesita Python.
verify-receipt = Cada persona voluntaria puede comprobar su propia inscripción con el recibo que se le entregó:
reserves-heading = Reservas
reserves-text = { $count ->
    [one] Una persona voluntaria figura en la lista de reserva, en el orden del sorteo.
   *[other] { $n } personas voluntarias figuran en la lista de reserva, en el orden del sorteo.
  } Para cada puesto, la organización dispone de las reservas que pueden ocuparlo sin incumplir ninguna cuota.
no-panel-heading = Personas en ningún panel posible
no-panel-text = { $count ->
    [one] Una persona voluntaria no podía estar en ningún panel que cumpla las cuotas: su probabilidad era cero.
   *[other] { $n } personas voluntarias no podían estar en ningún panel que cumpla las cuotas: su probabilidad era cero.
  }
skipped-heading = Filas descartadas
skipped-text = { $count ->
    [one] Se descartó una fila del archivo de personas voluntarias, como indica el registro.
   *[other] Se descartaron { $n } filas del archivo de personas voluntarias, como indica el registro.
  }
footer = Hecho con kleroterion { $version }. Esta página no contiene ningún dato personal: las personas voluntarias solo aparecen como cifras.
stage-check = Comprobación de cuotas: todavía no se ha establecido ninguna lotería; esta página compara las cuotas con los inscritos.
stage-commitment = La lotería está fijada: se comprometió, y se publicó su huella, antes de que exista la semilla. Una vez conocida la semilla, el panel se deduce de ella, y cualquiera puede comprobarlo.
draw-seed-future = La semilla será
verification-heading = Verificación
verification-passed = { $count ->
    [one] La comprobación se superó.
   *[other] Se superaron las { $n } comprobaciones que pudieron hacerse.
  }
verification-failed = { $count ->
    [one] Una comprobación FALLÓ: no confíe en este sorteo hasta que se explique.
   *[other] { $n } comprobaciones FALLARON: no confíe en este sorteo hasta que se expliquen.
  }
verification-skipped = { $count ->
    [one] Una comprobación no pudo hacerse sin más archivos.
   *[other] { $n } comprobaciones no pudieron hacerse sin más archivos.
  }
verification-language = Las conclusiones del verificador se dan en inglés, tal como las escribió.
column-check = Comprobación
column-result = Resultado
column-detail = Conclusión
check-passed = superada
check-failed = FALLIDA
check-skipped = no hecha
internal-banner = COPIA INTERNA: esta página nombra a los miembros del panel. No la publique; publique report.html.
internal-heading = El panel (interno)
footer-internal = Hecho con kleroterion { $version }. Copia interna con datos personales: manténgala en privado.
legacy-heading = Comparación con el método LEGACY
legacy-intro = Lo que el método voraz original de la Sortition Foundation habría dado con los mismos inscritos y cuotas, estimado a partir de { $draws } sorteos (no calcula probabilidades por sí mismo); ± es el margen al 95 % de la estimación.
fairness-rounding = Redondear la lotería exacta a { $tickets } boletos equiprobables no cambió la probabilidad de nadie en más de { $moved }.
column-population = Población
legend-population = proporción de la población
relaxation-heading = No se pueden cumplir todas las cuotas
relaxation-intro = Ningún panel cumple todas las cuotas. El menor cambio de las cuotas que hace posible un panel, para que la organización decida:
relaxation-none = Ni siquiera los márgenes de las cuotas (min_flex, max_flex) permiten un panel: hay que revisar las cuotas o inscribir a más personas voluntarias.
column-feature = Criterio
column-bound = Límite
column-now = Actual
column-proposed = Propuesto
bound-min = mínimo
bound-max = máximo
quota-exact = exactamente { $n }
internal-seats-heading = Reservas para cada puesto (interno): a quién llamar, por orden, cuando un miembro renuncia
cli-report-written = Informe escrito en { $path }.
cli-report-printed = Informe impreso en { $path }.
cli-check-feasible = Existe un panel de { $seats } que cumple todas las cuotas ({ $candidates } personas voluntarias pueden ser elegidas).
cli-commitment-written = Compromiso escrito en { $path }.
cli-publish-hash = Publique esta huella del compromiso, con la fecha de hoy, antes de que exista la semilla:
cli-seed-will-be = La semilla será: { $source }.
cli-free-text-weaker = nota: una semilla de texto libre es más débil; los verificadores lo señalan (use dados o una lotería).
cli-keep-private = Mantenga { $path } en privado: contiene la sal detrás de los seudónimos.
cli-drew = Elegidos { $drawn } de { $seats } puestos con { $algorithm } y la semilla { $seed } ({ $how }{ $ticket }); resultados en { $dir }.
cli-drew-committed = sorteo comprometido
cli-drew-practice = sorteo de prueba, no comprometido de antemano
cli-drew-ticket = , boleto { $ticket } de { $tickets }
cli-publish-audit = Publique { $audit }; todo lo demás en { $dir } es privado (observer.json para un observador independiente, receipts.csv para cada persona voluntaria).
cli-checking = Comprobando el sorteo del compromiso { $hash }
cli-verifies = El registro está verificado.

## La aplicación (kleroterion app): las frases de la página.
app-started = La aplicación está en { $url } (solo este ordenador). Cierre su última pestaña o pulse Ctrl-C para terminarla.
app-tagline = Sorteo justo y verificable de asambleas ciudadanas, en su propio ordenador.
app-language = Idioma
app-step-load = 1. Cargar
app-step-check = 2. Comprobar
app-step-prepare = 3. Preparar
app-step-draw = 4. Sortear
app-step-results = 5. Resultados
app-step-verify = Verificar un sorteo
app-private-note = Sus archivos se quedan en este ordenador: esta página solo habla con el programa que la abrió.
app-load-title = Cargar los voluntarios y las cuotas
app-file-people = Voluntarios
app-file-people-help = CSV o libro de cálculo, una fila por persona.
app-file-features = Cuotas
app-file-features-help = Columnas feature, value, min, max.
app-file-settings = Ajustes (opcional)
app-file-settings-help = settings.toml, o rellene el formulario de abajo.
app-sheet = Hoja
app-dropped = Cargado: { $file }
app-drop-hint = También puede arrastrar un archivo a su casilla.
app-settings-form = ¿Sin archivo de ajustes? Rellénelos aquí
app-settings-form-help = Cargue primero los voluntarios: las opciones vienen de su encabezado.
app-settings-id = Columna con el identificador de cada persona
app-settings-keep = Columnas que conservar en los resultados
app-settings-household = Columnas de la dirección (una persona por hogar); ninguna para permitir varias
app-settings-algorithm = Algoritmo de selección
app-algorithm-leximin = LEXIMIN: probabilidades tan iguales como las cuotas permiten
app-algorithm-maximin = MAXIMIN: la probabilidad más pequeña tan grande como sea posible
app-algorithm-nash = NASH: el producto de las probabilidades tan grande como sea posible
app-algorithm-legacy = LEGACY: el método voraz de la Sortition Foundation
app-algorithm-settings = Como dicen los ajustes (LEXIMIN si no dicen nada)
app-settings-use = Usar estos ajustes
app-settings-used = Estos ajustes se usan a partir de ahora.
app-panel-size = Puestos de la asamblea
app-title = Nombre de la asamblea (para el informe)
app-next-check = Siguiente: comprobar
app-next-prepare = Siguiente: preparar
app-next-draw = Siguiente: sortear
app-next-results = Siguiente: resultados
app-check-title = Comprobar las cuotas frente a los voluntarios
app-run-check = Comprobar
app-working = Trabajando…
app-col-feature = Característica
app-col-value = Valor
app-col-min = Mín
app-col-max = Máx
app-col-pool = Entre los voluntarios
app-col-panel = En la asamblea
app-feasible = Existe una asamblea que cumple todas las cuotas ({ $candidates } voluntarios pueden salir sorteados).
app-relaxation = Las cuotas no pueden cumplirse todas. El cambio más pequeño que permite una asamblea está listo como archivo de cuotas.
app-accept-relaxation = Usar las cuotas relajadas
app-download-relaxation = Descargar las cuotas relajadas
app-check-report = Abrir el informe de la comprobación
app-prepare-title = Preparar la lotería y publicar su compromiso
app-prepare-help = La lotería se calcula y se sella ahora; su huella se publica antes de que exista la semilla, así que nadie puede elegir la semilla para elegir la asamblea.
app-seed-source = Cómo se producirá la semilla
app-seed-source-help = dice (dados de seis caras lanzados en público), dice:N, lottery:NOMBRE,AAAA-MM-DD,K,N (los números de una lotería pública), drand:ROUND, o custom:TEXTO.
app-run-prepare = Preparar
app-cancel = Cancelar
app-cancelled = Cancelado: no se escribió nada.
app-cancelling = Deteniendo en el siguiente paso del cálculo…
app-progress-stages = Etapa { $stage }: { $fixed } de { $groups } grupos de voluntarios tienen su probabilidad fijada ({ $seconds } s).
app-progress-panels = Probabilidades fijadas en { $stages } etapas; escribiéndolas como lotería: { $panels } asambleas encontradas ({ $seconds } s).
app-prepared = La lotería está sellada. Publique la huella de abajo antes de que se produzca la semilla.
app-announcement-title = Anuncio del compromiso
app-announcement-intro = Antes de que se produzca la semilla, publique esta huella con la fecha de hoy: cualquiera podrá comprobar después que la asamblea sorteada es la que selló.
app-hash = Huella del compromiso
app-copy = Copiar
app-announced-procedure = La semilla será
app-announced-date = Fecha
app-print = Imprimir el anuncio
app-draw-title = Sortear la asamblea
app-seed = La semilla, tal como la produjo el procedimiento (por ejemplo las caras de los dados en el orden en que se lanzaron)
app-internal = Escribir también el informe del organizador con los nombres (privado)
app-run-draw = Sortear
app-drawn = Billete { $ticket } de { $tickets } sorteado.
app-panel = La asamblea
app-results-title = Resultados
app-results-help = Los archivos bajo publish/ son para todos; los demás contienen datos personales: manténgalos privados.
app-private = privado
app-public = para publicar
app-no-results = Aún no hay resultados: prepare y sortee primero.
app-report = El informe de selección
app-verify-title = Verificar un sorteo publicado
app-verify-help = Suelte el registro de auditoría publicado; añada los archivos de entrada, un registro de observador o su recibo para comprobar más.
app-file-audit = Registro de auditoría
app-file-observer = Registro de observador (opcional)
app-file-receipt = Su recibo (opcional)
app-verify-inputs = Los voluntarios, cuotas y ajustes cargados en el paso 1, si los hay, también se comprueban frente al registro.
app-published = La huella del compromiso que publicó el organizador (opcional)
app-run-verify = Verificar
app-check-passed = correcto
app-check-failed = fallido
app-check-skipped = omitido
app-verify-ok = El registro se verifica.
app-verify-failed = El registro no se verifica.
app-verify-report = Abrir el informe de la verificación
