/**
 * Phrase fragments for the simulated stream, written for this project. Templates use `{slot}` holes that
 * text.ts fills: {handle} @brand, {brand} display name, {problem} {praise} {question} {neutral} {news}
 * {story} industry clauses, {tag} a spike's hashtag, {city}, {n} a small number, {competitor} a rival's
 * handle, {outlet} a news outlet.
 */

export const LANGS = ['en', 'de', 'fr', 'es', 'it', 'pt'] as const;
export type Lang = (typeof LANGS)[number];

export const INDUSTRIES = ['airline', 'telco', 'retail'] as const;
export type Industry = (typeof INDUSTRIES)[number];

export interface IndustryPhrases {
	problems: readonly string[];
	praises: readonly string[];
	questions: readonly string[];
	neutral: readonly string[];
	news: readonly string[];
	/** Viral complaint stories: a clause that can follow the brand name. */
	stories: readonly string[];
}

export interface LangPack {
	complaint: readonly string[];
	complaintTail: readonly string[];
	switchTo: readonly string[];
	praise: readonly string[];
	praiseTail: readonly string[];
	question: readonly string[];
	neutral: readonly string[];
	news: readonly string[];
	viral: readonly string[];
	negativeTags: readonly string[];
	positiveTags: readonly string[];
	cities: readonly string[];
	outlets: readonly string[];
	firstNames: readonly string[];
	lastNames: readonly string[];
	industry: Record<Industry, IndustryPhrases>;
}

export const PACKS: Record<Lang, LangPack> = {
	en: {
		complaint: [
			'{handle} {problem}. {tail}',
			'Seriously {handle}? {problem}.',
			'{problem}. Thanks for nothing, {handle}',
			'Dear {handle}! {problem}. I want a refund.',
			'Not again {handle}... {problem}. {tail}'
		],
		complaintTail: [
			'Worst service ever.',
			'Absolutely terrible.',
			'Never again.',
			'So angry right now.',
			'This is unacceptable.'
		],
		switchTo: ['Thinking about switching to {competitor}.', '{competitor} would never do this.'],
		praise: [
			'{handle} {praise}! {tail}',
			'Shoutout to {handle}: {praise}.',
			'{praise}. Well done {brand}!',
			'Have to say it, {praise}. Thanks {handle}'
		],
		praiseTail: ['Great job!', 'Love it.', 'Best experience in ages.', 'Amazing, thank you!'],
		question: [
			'{handle} {question}',
			'Quick question {handle}: {question}',
			'{question} Anyone from {brand} here?'
		],
		neutral: ['{neutral}', '{neutral} {handle}', '{handle} {neutral}'],
		news: ['{brand} {news}', '{brand} {news}, {outlet} reports', 'Report: {brand} {news}'],
		viral: [
			'{brand} {story}. Terrible. {tag}',
			'Can anyone explain why {brand} {story}? {handle} {tag}',
			'Everyone needs to see this: {brand} {story}. Disgusting. {tag}',
			'{tag} trending for a reason. {brand} {story} and still no apology.',
			'I am done with {handle}, worst company ever. {brand} {story}. {tag}'
		],
		negativeTags: ['#fail', '#customerservice', '#neveragain'],
		positiveTags: ['#happycustomer', '#thankyou', '#goodvibes'],
		cities: ['London', 'Chicago', 'Boston', 'Dublin', 'Toronto', 'Denver'],
		outlets: ['The Daily Ledger', 'Metro Wire', 'Business Courier', 'The Evening Post'],
		firstNames: ['emma', 'james', 'olivia', 'noah', 'chloe', 'liam', 'grace', 'ethan', 'mia', 'jack'],
		lastNames: ['smith', 'brown', 'walker', 'hughes', 'carter', 'reed', 'turner', 'price', 'hall', 'ward'],
		industry: {
			airline: {
				problems: [
					'My flight to {city} has been delayed {n} hours and nobody tells us anything',
					'You lost my luggage on the way to {city}, day {n} and still no update',
					'Cancelled my flight to {city} with a two line email',
					'Waited {n} hours on hold and the line just dropped',
					'Charged me twice for a seat I never got'
				],
				praises: [
					'the crew on my flight to {city} was wonderful',
					'landed {n} minutes early and the bags were already there',
					'the new lounge is excellent',
					'rebooked me in two minutes after the storm, great service'
				],
				questions: [
					'can I still change my flight to {city} online?',
					'how many bags are included in the basic fare?',
					'is the {city} route running tomorrow?'
				],
				neutral: [
					'Boarding now for {city}.',
					'Off to {city} for {n} days.',
					'Anyone flown the new route to {city} yet?'
				],
				news: [
					'adds {n} new routes from {city} for the summer',
					'reports higher passenger numbers for the quarter',
					'orders {n} new aircraft'
				],
				stories: [
					'left hundreds of passengers stranded overnight in {city} without food or a hotel',
					'broke a disabled passenger’s wheelchair and refused to pay for it'
				]
			},
			telco: {
				problems: [
					'No internet for {n} days now and support keeps closing my ticket',
					'My bill doubled this month without any explanation',
					'Zero signal in the middle of {city}, again',
					'Waited {n} hours for a technician who never showed up',
					'Tried to cancel my contract and got transferred {n} times'
				],
				praises: [
					'fibre installed in {n} minutes, great technician',
					'the speed since the upgrade is amazing',
					'support fixed my router remotely in no time',
					'roaming in {city} just worked, no surprises on the bill'
				],
				questions: [
					'is there an outage in {city} right now?',
					'how do I activate the eSIM on a new phone?',
					'when does the new unlimited plan start?'
				],
				neutral: [
					'Moving to {city} next month, need to sort out internet.',
					'Got the new phone today.',
					'Comparing mobile plans again.'
				],
				news: [
					'expands 5G coverage to {city}',
					'announces new prices for mobile plans',
					'reports {n} percent more fibre customers'
				],
				stories: [
					'has had a nationwide outage for hours and keeps saying everything works',
					'quietly added hidden fees to every contract'
				]
			},
			retail: {
				problems: [
					'My order is {n} days late and the tracking has not moved',
					'Received a broken item and the refund takes forever',
					'The store in {city} had none of the items shown online',
					'Charged for an order that was cancelled',
					'Returned the parcel {n} weeks ago and still no money back'
				],
				praises: [
					'delivery in one day, great packaging',
					'the staff in the {city} store were so helpful',
					'best prices in town this week',
					'the return was easy and the refund came the next day'
				],
				questions: [
					'do you ship to {city}?',
					'when does the sale start?',
					'can I return an online order in store?'
				],
				neutral: [
					'New store opening in {city}.',
					'Browsing the new collection.',
					'Picked up my order today.'
				],
				news: [
					'opens {n} new stores',
					'reports strong holiday sales',
					'launches same-day delivery in {city}'
				],
				stories: [
					'leaked the card details of thousands of customers',
					'sold a toy that caught fire and will not recall it'
				]
			}
		}
	},
	de: {
		complaint: [
			'{handle} {problem}. {tail}',
			'Im Ernst {handle}? {problem}.',
			'{problem}. Danke für nichts, {handle}',
			'Liebe {handle}! {problem}. Ich will mein Geld zurück.',
			'Schon wieder {handle}... {problem}. {tail}'
		],
		complaintTail: [
			'Schlechtester Service überhaupt.',
			'Einfach furchtbar.',
			'Nie wieder.',
			'Ich bin so wütend.',
			'Das ist inakzeptabel.'
		],
		switchTo: ['Ich wechsle wohl zu {competitor}.', 'Bei {competitor} wäre das nicht passiert.'],
		praise: [
			'{handle} {praise}! {tail}',
			'Großes Lob an {handle}: {praise}.',
			'{praise}. Gut gemacht {brand}!',
			'Muss auch mal gesagt werden: {praise}. Danke {handle}'
		],
		praiseTail: ['Super gemacht!', 'Einfach toll.', 'Sehr zufrieden.', 'Danke, klasse!'],
		question: [
			'{handle} {question}',
			'Kurze Frage {handle}: {question}',
			'{question} Jemand von {brand} hier?'
		],
		neutral: ['{neutral}', '{neutral} {handle}', '{handle} {neutral}'],
		news: ['{brand} {news}', '{brand} {news}, berichtet {outlet}', 'Bericht: {brand} {news}'],
		viral: [
			'{brand} {story}. Unglaublich. {tag}',
			'Kann mir das jemand erklären? {brand} {story}. {handle} {tag}',
			'Das muss jeder sehen: {brand} {story}. Widerlich. {tag}',
			'{tag} trendet zu Recht. {brand} {story} und keine Entschuldigung.',
			'Ich bin fertig mit {handle}. {brand} {story}. {tag}'
		],
		negativeTags: ['#fail', '#kundenservice', '#ärgerlich'],
		positiveTags: ['#zufrieden', '#danke', '#top'],
		cities: ['Berlin', 'München', 'Hamburg', 'Köln', 'Wien', 'Zürich'],
		outlets: ['Tagesbote', 'Wirtschaftsecho', 'Stadtanzeiger', 'Rundschau Online'],
		firstNames: ['lena', 'jonas', 'lea', 'felix', 'hannah', 'lukas', 'anna', 'paul', 'marie', 'tim'],
		lastNames: ['mueller', 'schmidt', 'weber', 'becker', 'wagner', 'hoffmann', 'koch', 'richter'],
		industry: {
			airline: {
				problems: [
					'Mein Flug nach {city} hat {n} Stunden Verspätung und niemand sagt etwas',
					'Mein Koffer ist seit {n} Tagen verschwunden und keiner meldet sich',
					'Flug nach {city} gestrichen, per Zweizeiler-Mail',
					'{n} Stunden in der Warteschleife und dann aufgelegt',
					'Sitzplatz doppelt bezahlt und trotzdem keinen bekommen'
				],
				praises: [
					'die Crew auf meinem Flug nach {city} war wunderbar',
					'{n} Minuten zu früh gelandet und das Gepäck war schon da',
					'die neue Lounge ist hervorragend',
					'nach dem Sturm in zwei Minuten umgebucht, toller Service'
				],
				questions: [
					'kann ich meinen Flug nach {city} noch online umbuchen?',
					'wie viele Gepäckstücke sind im Basistarif enthalten?',
					'fliegt ihr morgen nach {city}?'
				],
				neutral: [
					'Boarding nach {city}.',
					'Für {n} Tage nach {city}.',
					'Ist jemand schon die neue Strecke nach {city} geflogen?'
				],
				news: [
					'startet {n} neue Strecken ab {city}',
					'meldet mehr Passagiere im Quartal',
					'bestellt {n} neue Flugzeuge'
				],
				stories: [
					'lässt hunderte Passagiere über Nacht in {city} ohne Essen und Hotel sitzen',
					'hat den Rollstuhl eines Passagiers kaputt gemacht und will nicht zahlen'
				]
			},
			telco: {
				problems: [
					'Seit {n} Tagen kein Internet und der Support schließt einfach mein Ticket',
					'Meine Rechnung hat sich ohne Erklärung verdoppelt',
					'Mitten in {city} kein Netz, schon wieder',
					'{n} Stunden auf den Techniker gewartet, der nie kam',
					'Wollte kündigen und wurde {n} Mal weiterverbunden'
				],
				praises: [
					'Glasfaser in {n} Minuten installiert, super Techniker',
					'die Geschwindigkeit seit dem Upgrade ist großartig',
					'der Support hat meinen Router aus der Ferne repariert',
					'Roaming in {city} lief problemlos, keine Überraschung auf der Rechnung'
				],
				questions: [
					'gibt es gerade eine Störung in {city}?',
					'wie aktiviere ich die eSIM auf dem neuen Handy?',
					'ab wann gibt es den neuen Unlimited-Tarif?'
				],
				neutral: [
					'Ziehe nächsten Monat nach {city}, brauche Internet.',
					'Heute das neue Handy bekommen.',
					'Vergleiche mal wieder Handytarife.'
				],
				news: [
					'baut 5G in {city} aus',
					'kündigt neue Preise für Mobilfunktarife an',
					'meldet {n} Prozent mehr Glasfaserkunden'
				],
				stories: [
					'ist seit Stunden bundesweit ausgefallen und behauptet, alles funktioniert',
					'hat heimlich versteckte Gebühren in alle Verträge eingebaut'
				]
			},
			retail: {
				problems: [
					'Meine Bestellung ist {n} Tage zu spät und die Sendungsverfolgung steht still',
					'Kaputte Ware bekommen und die Erstattung dauert ewig',
					'Die Filiale in {city} hatte nichts von dem, was online steht',
					'Geld abgebucht für eine stornierte Bestellung',
					'Paket vor {n} Wochen zurückgeschickt und immer noch kein Geld'
				],
				praises: [
					'Lieferung in einem Tag, tolle Verpackung',
					'das Personal in der Filiale in {city} war so hilfsbereit',
					'die besten Preise der Stadt diese Woche',
					'Rückgabe ganz einfach und das Geld war am nächsten Tag da'
				],
				questions: [
					'liefert ihr nach {city}?',
					'wann startet der Sale?',
					'kann ich eine Online-Bestellung in der Filiale zurückgeben?'
				],
				neutral: [
					'Neue Filiale in {city} eröffnet.',
					'Schaue mir die neue Kollektion an.',
					'Heute meine Bestellung abgeholt.'
				],
				news: [
					'eröffnet {n} neue Filialen',
					'meldet starkes Weihnachtsgeschäft',
					'startet Lieferung am selben Tag in {city}'
				],
				stories: [
					'hat die Kartendaten von tausenden Kunden geleakt',
					'verkauft ein Spielzeug, das Feuer fängt, und ruft es nicht zurück'
				]
			}
		}
	},
	fr: {
		complaint: [
			'{handle} {problem}. {tail}',
			'Sérieusement {handle} ? {problem}.',
			'{problem}. Merci pour rien, {handle}',
			'Chère {handle} ! {problem}. Je veux être remboursé.',
			'Encore {handle}... {problem}. {tail}'
		],
		complaintTail: [
			'Pire service de ma vie.',
			'Vraiment nul.',
			'Plus jamais.',
			'Je suis furieux.',
			"C'est inadmissible."
		],
		switchTo: ['Je pense passer chez {competitor}.', 'Ça ne serait jamais arrivé chez {competitor}.'],
		praise: [
			'{handle} {praise} ! {tail}',
			'Bravo à {handle} : {praise}.',
			'{praise}. Bien joué {brand} !',
			'Il faut le dire, {praise}. Merci {handle}'
		],
		praiseTail: ['Super boulot !', "J'adore.", 'Très satisfait.', 'Génial, merci !'],
		question: [
			'{handle} {question}',
			'Petite question {handle} : {question}',
			'{question} Quelqu’un de chez {brand} ici ?'
		],
		neutral: ['{neutral}', '{neutral} {handle}', '{handle} {neutral}'],
		news: ['{brand} {news}', '{brand} {news}, selon {outlet}', 'Info : {brand} {news}'],
		viral: [
			'{brand} {story}. Incroyable. {tag}',
			"Quelqu'un peut m'expliquer pourquoi {brand} {story} ? {handle} {tag}",
			'Tout le monde doit voir ça : {brand} {story}. Honteux. {tag}',
			"{tag} en tendance, et pour cause. {brand} {story} et toujours pas d'excuses.",
			"J'en ai fini avec {handle}. {brand} {story}. {tag}"
		],
		negativeTags: ['#honte', '#serviceclient', '#plusjamais'],
		positiveTags: ['#merci', '#satisfait', '#top'],
		cities: ['Paris', 'Lyon', 'Marseille', 'Toulouse', 'Bruxelles', 'Montréal'],
		outlets: ['Le Quotidien Éco', 'La Gazette du Matin', 'Info Continu', "L'Écho des Marchés"],
		firstNames: ['camille', 'lucas', 'manon', 'hugo', 'chloe', 'louis', 'ines', 'jules', 'lea', 'theo'],
		lastNames: ['martin', 'bernard', 'dubois', 'moreau', 'laurent', 'girard', 'roux', 'fournier'],
		industry: {
			airline: {
				problems: [
					'Mon vol pour {city} a {n} heures de retard et personne ne dit rien',
					'Vous avez perdu ma valise, jour {n} et toujours aucune nouvelle',
					'Vol pour {city} annulé par un mail de deux lignes',
					'{n} heures en attente au téléphone puis ça coupe',
					'Payé deux fois un siège que je n’ai jamais eu'
				],
				praises: [
					"l'équipage de mon vol pour {city} était formidable",
					'atterri {n} minutes en avance et les bagages étaient déjà là',
					'le nouveau salon est excellent',
					'rebooké en deux minutes après la tempête, super service'
				],
				questions: [
					'je peux encore modifier mon vol pour {city} en ligne ?',
					'combien de bagages sont inclus dans le tarif de base ?',
					'le vol pour {city} est maintenu demain ?'
				],
				neutral: [
					'Embarquement pour {city}.',
					'En route pour {city} pour {n} jours.',
					"Quelqu'un a testé la nouvelle ligne vers {city} ?"
				],
				news: [
					'ouvre {n} nouvelles lignes depuis {city}',
					'annonce une hausse du nombre de passagers',
					'commande {n} nouveaux avions'
				],
				stories: [
					'a laissé des centaines de passagers bloqués toute la nuit à {city} sans repas ni hôtel',
					"a cassé le fauteuil roulant d'un passager et refuse de payer"
				]
			},
			telco: {
				problems: [
					"Pas d'internet depuis {n} jours et le support ferme mon ticket",
					'Ma facture a doublé ce mois-ci sans explication',
					'Aucun réseau en plein centre de {city}, encore',
					"{n} heures à attendre un technicien qui n'est jamais venu",
					"J'ai voulu résilier et on m'a transféré {n} fois"
				],
				praises: [
					'fibre installée en {n} minutes, technicien au top',
					'le débit depuis la mise à jour est génial',
					'le support a réparé ma box à distance en un rien de temps',
					'le roaming à {city} a parfaitement marché'
				],
				questions: [
					'il y a une panne à {city} en ce moment ?',
					"comment activer l'eSIM sur un nouveau téléphone ?",
					'quand commence le nouveau forfait illimité ?'
				],
				neutral: [
					'Je déménage à {city} le mois prochain, il me faut internet.',
					"Reçu le nouveau téléphone aujourd'hui.",
					'Je compare encore les forfaits.'
				],
				news: [
					'étend la 5G à {city}',
					'annonce de nouveaux tarifs mobiles',
					'compte {n} pour cent de clients fibre en plus'
				],
				stories: [
					'est en panne dans tout le pays depuis des heures et prétend que tout fonctionne',
					'a ajouté des frais cachés à tous les contrats'
				]
			},
			retail: {
				problems: [
					'Ma commande a {n} jours de retard et le suivi ne bouge plus',
					'Reçu un article cassé et le remboursement traîne',
					"Le magasin de {city} n'avait rien de ce qui est en ligne",
					'Débité pour une commande annulée',
					'Colis renvoyé il y a {n} semaines et toujours pas remboursé'
				],
				praises: [
					'livraison en un jour, emballage parfait',
					'le personnel du magasin de {city} était adorable',
					'les meilleurs prix de la ville cette semaine',
					'retour facile et remboursé le lendemain'
				],
				questions: [
					'vous livrez à {city} ?',
					'quand commencent les soldes ?',
					'je peux retourner une commande en ligne en magasin ?'
				],
				neutral: [
					'Nouveau magasin à {city}.',
					'Je regarde la nouvelle collection.',
					"Commande récupérée aujourd'hui."
				],
				news: [
					'ouvre {n} nouveaux magasins',
					'annonce de bonnes ventes de fin d’année',
					'lance la livraison le jour même à {city}'
				],
				stories: [
					'a laissé fuiter les cartes bancaires de milliers de clients',
					'a vendu un jouet qui prend feu et refuse de le rappeler'
				]
			}
		}
	},
	es: {
		complaint: [
			'{handle} {problem}. {tail}',
			'¿En serio {handle}? {problem}.',
			'{problem}. Gracias por nada, {handle}',
			'¡Querida {handle}! {problem}. Quiero mi dinero.',
			'Otra vez {handle}... {problem}. {tail}'
		],
		complaintTail: [
			'El peor servicio.',
			'Horrible, de verdad.',
			'Nunca más.',
			'Estoy furioso.',
			'Es inaceptable.'
		],
		switchTo: ['Me paso a {competitor}.', 'Con {competitor} esto no pasa.'],
		praise: [
			'{handle} {praise}! {tail}',
			'Gracias a {handle}: {praise}.',
			'{praise}. ¡Bien hecho {brand}!',
			'Hay que decirlo, {praise}. Gracias {handle}'
		],
		praiseTail: ['¡Genial!', 'Me encanta.', 'Muy contento.', '¡Excelente, gracias!'],
		question: [
			'{handle} ¿{question}',
			'Una pregunta {handle}: ¿{question}',
			'¿{question} ¿Alguien de {brand}?'
		],
		neutral: ['{neutral}', '{neutral} {handle}', '{handle} {neutral}'],
		news: ['{brand} {news}', '{brand} {news}, según {outlet}', 'Noticia: {brand} {news}'],
		viral: [
			'{brand} {story}. Increíble. {tag}',
			'¿Alguien me explica por qué {brand} {story}? {handle} {tag}',
			'Todos tienen que ver esto: {brand} {story}. Vergonzoso. {tag}',
			'{tag} es tendencia por algo. {brand} {story} y ni una disculpa.',
			'Se acabó {handle}. {brand} {story}. {tag}'
		],
		negativeTags: ['#vergüenza', '#atencionalcliente', '#nuncamas'],
		positiveTags: ['#gracias', '#encantado', '#top'],
		cities: ['Madrid', 'Barcelona', 'Sevilla', 'Valencia', 'Ciudad de México', 'Buenos Aires'],
		outlets: ['Diario Económico', 'La Crónica', 'Noticias al Día', 'El Mercado Hoy'],
		firstNames: ['lucia', 'hugo', 'sofia', 'martin', 'paula', 'daniel', 'carmen', 'pablo', 'elena', 'diego'],
		lastNames: ['garcia', 'lopez', 'martinez', 'sanchez', 'perez', 'gomez', 'ruiz', 'diaz'],
		industry: {
			airline: {
				problems: [
					'Mi vuelo a {city} lleva {n} horas de retraso y nadie informa',
					'Perdisteis mi maleta, día {n} y sin noticias',
					'Vuelo a {city} cancelado con un correo de dos líneas',
					'{n} horas esperando al teléfono y se corta',
					'Pagué dos veces un asiento que nunca tuve'
				],
				praises: [
					'la tripulación de mi vuelo a {city} fue maravillosa',
					'aterrizamos {n} minutos antes y las maletas ya estaban',
					'la nueva sala VIP es excelente',
					'me cambiaron el vuelo en dos minutos tras la tormenta, gran servicio'
				],
				questions: [
					'puedo cambiar mi vuelo a {city} en línea?',
					'cuántas maletas incluye la tarifa básica?',
					'mañana sale el vuelo a {city}?'
				],
				neutral: [
					'Embarcando para {city}.',
					'Me voy {n} días a {city}.',
					'¿Alguien ha volado la nueva ruta a {city}?'
				],
				news: [
					'abre {n} nuevas rutas desde {city}',
					'registra más pasajeros en el trimestre',
					'encarga {n} aviones nuevos'
				],
				stories: [
					'dejó a cientos de pasajeros tirados toda la noche en {city} sin comida ni hotel',
					'rompió la silla de ruedas de un pasajero y no quiere pagarla'
				]
			},
			telco: {
				problems: [
					'Sin internet desde hace {n} días y soporte cierra mi incidencia',
					'Mi factura se duplicó este mes sin explicación',
					'Sin cobertura en pleno centro de {city}, otra vez',
					'{n} horas esperando a un técnico que nunca vino',
					'Quise darme de baja y me pasaron {n} veces de departamento'
				],
				praises: [
					'fibra instalada en {n} minutos, gran técnico',
					'la velocidad desde la mejora es increíble',
					'soporte arregló mi router a distancia en nada',
					'el roaming en {city} funcionó perfecto'
				],
				questions: [
					'hay una caída en {city} ahora mismo?',
					'cómo activo la eSIM en un móvil nuevo?',
					'cuándo empieza la nueva tarifa ilimitada?'
				],
				neutral: [
					'Me mudo a {city} el mes que viene, necesito internet.',
					'Hoy me llegó el móvil nuevo.',
					'Comparando tarifas otra vez.'
				],
				news: [
					'amplía el 5G a {city}',
					'anuncia nuevos precios en móvil',
					'suma un {n} por ciento más de clientes de fibra'
				],
				stories: [
					'lleva horas caída en todo el país y dice que todo funciona',
					'metió cargos ocultos en todos los contratos'
				]
			},
			retail: {
				problems: [
					'Mi pedido lleva {n} días de retraso y el seguimiento no se mueve',
					'Me llegó un artículo roto y el reembolso no llega',
					'La tienda de {city} no tenía nada de lo que sale en la web',
					'Me cobraron un pedido cancelado',
					'Devolví el paquete hace {n} semanas y sigo sin mi dinero'
				],
				praises: [
					'entrega en un día, embalaje perfecto',
					'el personal de la tienda de {city} fue muy amable',
					'los mejores precios de la ciudad esta semana',
					'la devolución fue fácil y el reembolso llegó al día siguiente'
				],
				questions: [
					'enviáis a {city}?',
					'cuándo empiezan las rebajas?',
					'puedo devolver un pedido online en tienda?'
				],
				neutral: ['Nueva tienda en {city}.', 'Mirando la nueva colección.', 'Hoy recogí mi pedido.'],
				news: [
					'abre {n} tiendas nuevas',
					'registra fuertes ventas navideñas',
					'lanza entrega en el día en {city}'
				],
				stories: [
					'filtró los datos de tarjeta de miles de clientes',
					'vendió un juguete que se incendia y no lo retira'
				]
			}
		}
	},
	it: {
		complaint: [
			'{handle} {problem}. {tail}',
			'Sul serio {handle}? {problem}.',
			'{problem}. Grazie di niente, {handle}',
			'Cara {handle}! {problem}. Voglio un rimborso.',
			'Di nuovo {handle}... {problem}. {tail}'
		],
		complaintTail: [
			'Servizio pessimo.',
			'Davvero terribile.',
			'Mai più.',
			'Sono furioso.',
			'È inaccettabile.'
		],
		switchTo: ['Passo a {competitor}.', 'Con {competitor} non succede.'],
		praise: [
			'{handle} {praise}! {tail}',
			'Complimenti a {handle}: {praise}.',
			'{praise}. Brava {brand}!',
			'Va detto, {praise}. Grazie {handle}'
		],
		praiseTail: ['Ottimo lavoro!', 'Adoro.', 'Molto soddisfatto.', 'Fantastico, grazie!'],
		question: [
			'{handle} {question}',
			'Domanda veloce {handle}: {question}',
			'{question} Qualcuno di {brand}?'
		],
		neutral: ['{neutral}', '{neutral} {handle}', '{handle} {neutral}'],
		news: ['{brand} {news}', '{brand} {news}, scrive {outlet}', 'Notizia: {brand} {news}'],
		viral: [
			'{brand} {story}. Incredibile. {tag}',
			'Qualcuno mi spiega perché {brand} {story}? {handle} {tag}',
			'Dovete vederlo tutti: {brand} {story}. Vergognoso. {tag}',
			'{tag} in tendenza per un motivo. {brand} {story} e nessuna scusa.',
			'Ho chiuso con {handle}. {brand} {story}. {tag}'
		],
		negativeTags: ['#vergogna', '#assistenzaclienti', '#maipiu'],
		positiveTags: ['#grazie', '#soddisfatto', '#top'],
		cities: ['Roma', 'Milano', 'Napoli', 'Torino', 'Bologna', 'Firenze'],
		outlets: ['Il Corriere Economico', 'Gazzetta del Mattino', 'Notizie Oggi', 'Il Mercato'],
		firstNames: ['giulia', 'marco', 'sofia', 'luca', 'chiara', 'matteo', 'sara', 'andrea', 'elisa', 'paolo'],
		lastNames: ['rossi', 'russo', 'ferrari', 'esposito', 'bianchi', 'romano', 'colombo', 'ricci'],
		industry: {
			airline: {
				problems: [
					'Il mio volo per {city} ha {n} ore di ritardo e nessuno dice niente',
					'Avete perso la mia valigia, giorno {n} e ancora niente',
					'Volo per {city} cancellato con una mail di due righe',
					'{n} ore in attesa al telefono e poi cade la linea',
					'Pagato due volte un posto che non ho mai avuto'
				],
				praises: [
					"l'equipaggio del mio volo per {city} è stato meraviglioso",
					'atterrati con {n} minuti di anticipo e bagagli già pronti',
					'la nuova lounge è eccellente',
					'riprotetto in due minuti dopo la tempesta, ottimo servizio'
				],
				questions: [
					'posso ancora cambiare il volo per {city} online?',
					'quanti bagagli sono inclusi nella tariffa base?',
					'domani il volo per {city} parte?'
				],
				neutral: [
					'Imbarco per {city}.',
					'Parto per {city} per {n} giorni.',
					'Qualcuno ha provato la nuova rotta per {city}?'
				],
				news: [
					'apre {n} nuove rotte da {city}',
					'registra più passeggeri nel trimestre',
					'ordina {n} nuovi aerei'
				],
				stories: [
					'ha lasciato centinaia di passeggeri bloccati tutta la notte a {city} senza cibo né hotel',
					'ha rotto la sedia a rotelle di un passeggero e non vuole pagare'
				]
			},
			telco: {
				problems: [
					"Senza internet da {n} giorni e l'assistenza chiude il ticket",
					'La bolletta è raddoppiata senza spiegazioni',
					'Nessun segnale in pieno centro a {city}, di nuovo',
					'{n} ore ad aspettare un tecnico mai arrivato',
					'Volevo disdire e mi hanno passato {n} volte ad altri'
				],
				praises: [
					'fibra installata in {n} minuti, tecnico bravissimo',
					"la velocità dopo l'aggiornamento è fantastica",
					"l'assistenza ha sistemato il modem da remoto in un attimo",
					'il roaming a {city} ha funzionato benissimo'
				],
				questions: [
					"c'è un guasto a {city} adesso?",
					"come attivo l'eSIM sul telefono nuovo?",
					'quando parte la nuova offerta illimitata?'
				],
				neutral: [
					'Mi trasferisco a {city} il mese prossimo, serve internet.',
					'Arrivato il telefono nuovo.',
					'Confronto di nuovo le offerte.'
				],
				news: [
					'estende il 5G a {city}',
					'annuncia nuovi prezzi per il mobile',
					'registra il {n} per cento di clienti fibra in più'
				],
				stories: [
					'è down in tutto il paese da ore e dice che funziona tutto',
					'ha aggiunto costi nascosti a tutti i contratti'
				]
			},
			retail: {
				problems: [
					'Il mio ordine è in ritardo di {n} giorni e il tracking è fermo',
					'Ricevuto un articolo rotto e il rimborso non arriva',
					'Il negozio di {city} non aveva niente di quello che c’è online',
					'Addebitato un ordine annullato',
					'Reso spedito {n} settimane fa e ancora nessun rimborso'
				],
				praises: [
					'consegna in un giorno, imballaggio perfetto',
					'il personale del negozio di {city} è stato gentilissimo',
					'i prezzi migliori della città questa settimana',
					'reso facile e rimborso arrivato il giorno dopo'
				],
				questions: [
					'spedite a {city}?',
					'quando iniziano i saldi?',
					'posso restituire in negozio un ordine online?'
				],
				neutral: ['Nuovo negozio a {city}.', 'Guardo la nuova collezione.', 'Ritirato il mio ordine oggi.'],
				news: [
					'apre {n} nuovi negozi',
					'registra forti vendite natalizie',
					'lancia la consegna in giornata a {city}'
				],
				stories: [
					'ha perso i dati delle carte di migliaia di clienti',
					'ha venduto un giocattolo che prende fuoco e non lo ritira'
				]
			}
		}
	},
	pt: {
		complaint: [
			'{handle} {problem}. {tail}',
			'Sério {handle}? {problem}.',
			'{problem}. Obrigado por nada, {handle}',
			'Cara {handle}! {problem}. Quero reembolso.',
			'De novo {handle}... {problem}. {tail}'
		],
		complaintTail: [
			'Pior serviço de sempre.',
			'Péssimo, mesmo.',
			'Nunca mais.',
			'Estou furioso.',
			'É inaceitável.'
		],
		switchTo: ['Vou mudar para {competitor}.', 'Na {competitor} isto não acontece.'],
		praise: [
			'{handle} {praise}! {tail}',
			'Parabéns {handle}: {praise}.',
			'{praise}. Muito bem {brand}!',
			'Tenho que dizer, {praise}. Obrigado {handle}'
		],
		praiseTail: ['Excelente!', 'Adorei.', 'Muito satisfeito.', 'Incrível, obrigado!'],
		question: [
			'{handle} {question}',
			'Pergunta rápida {handle}: {question}',
			'{question} Alguém da {brand}?'
		],
		neutral: ['{neutral}', '{neutral} {handle}', '{handle} {neutral}'],
		news: ['{brand} {news}', '{brand} {news}, segundo {outlet}', 'Notícia: {brand} {news}'],
		viral: [
			'{brand} {story}. Inacreditável. {tag}',
			'Alguém explica por que a {brand} {story}? {handle} {tag}',
			'Todos precisam ver isto: {brand} {story}. Vergonhoso. {tag}',
			'{tag} nos trending por um motivo. {brand} {story} e nem um pedido de desculpas.',
			'Cansei de {handle}. {brand} {story}. {tag}'
		],
		negativeTags: ['#vergonha', '#atendimento', '#nuncamais'],
		positiveTags: ['#obrigado', '#satisfeito', '#top'],
		cities: ['Lisboa', 'Porto', 'São Paulo', 'Rio de Janeiro', 'Braga', 'Recife'],
		outlets: ['Diário Económico', 'Jornal da Manhã', 'Notícias Já', 'Folha do Mercado'],
		firstNames: ['beatriz', 'joao', 'mariana', 'pedro', 'ana', 'tiago', 'ines', 'rafael', 'carla', 'rui'],
		lastNames: ['silva', 'santos', 'ferreira', 'pereira', 'oliveira', 'costa', 'rodrigues', 'almeida'],
		industry: {
			airline: {
				problems: [
					'O meu voo para {city} está {n} horas atrasado e ninguém diz nada',
					'Perderam a minha mala, dia {n} e nada',
					'Voo para {city} cancelado com um email de duas linhas',
					'{n} horas à espera ao telefone e a chamada cai',
					'Paguei duas vezes um lugar que nunca tive'
				],
				praises: [
					'a tripulação do meu voo para {city} foi maravilhosa',
					'aterrámos {n} minutos antes e as malas já lá estavam',
					'o novo lounge é excelente',
					'remarcaram o voo em dois minutos depois da tempestade, ótimo serviço'
				],
				questions: [
					'ainda posso alterar o voo para {city} online?',
					'quantas malas estão incluídas na tarifa base?',
					'o voo para {city} sai amanhã?'
				],
				neutral: [
					'Embarque para {city}.',
					'Vou {n} dias para {city}.',
					'Alguém já voou a nova rota para {city}?'
				],
				news: [
					'abre {n} novas rotas a partir de {city}',
					'regista mais passageiros no trimestre',
					'encomenda {n} novos aviões'
				],
				stories: [
					'deixou centenas de passageiros presos a noite toda em {city} sem comida nem hotel',
					'partiu a cadeira de rodas de um passageiro e recusa pagar'
				]
			},
			telco: {
				problems: [
					'Sem internet há {n} dias e o suporte fecha o meu pedido',
					'A minha fatura duplicou este mês sem explicação',
					'Sem rede no centro de {city}, outra vez',
					'{n} horas à espera de um técnico que nunca veio',
					'Quis cancelar e passaram-me {n} vezes de linha'
				],
				praises: [
					'fibra instalada em {n} minutos, ótimo técnico',
					'a velocidade desde a atualização é incrível',
					'o suporte resolveu o router à distância num instante',
					'o roaming em {city} funcionou na perfeição'
				],
				questions: [
					'há alguma avaria em {city} agora?',
					'como ativo o eSIM num telemóvel novo?',
					'quando começa o novo tarifário ilimitado?'
				],
				neutral: [
					'Mudo-me para {city} no próximo mês, preciso de internet.',
					'Chegou o telemóvel novo.',
					'A comparar tarifários outra vez.'
				],
				news: [
					'alarga o 5G a {city}',
					'anuncia novos preços nos tarifários',
					'soma mais {n} por cento de clientes de fibra'
				],
				stories: [
					'está em baixo no país inteiro há horas e diz que está tudo a funcionar',
					'meteu taxas escondidas em todos os contratos'
				]
			},
			retail: {
				problems: [
					'A minha encomenda está {n} dias atrasada e o tracking não mexe',
					'Recebi um artigo partido e o reembolso nunca mais chega',
					'A loja de {city} não tinha nada do que aparece online',
					'Cobraram uma encomenda cancelada',
					'Devolvi o pacote há {n} semanas e continuo sem o dinheiro'
				],
				praises: [
					'entrega num dia, embalagem perfeita',
					'os funcionários da loja de {city} foram muito simpáticos',
					'os melhores preços da cidade esta semana',
					'devolução fácil e reembolso no dia seguinte'
				],
				questions: [
					'enviam para {city}?',
					'quando começam os saldos?',
					'posso devolver na loja uma encomenda online?'
				],
				neutral: ['Nova loja em {city}.', 'A ver a nova coleção.', 'Levantei hoje a minha encomenda.'],
				news: [
					'abre {n} novas lojas',
					'regista fortes vendas de Natal',
					'lança entregas no próprio dia em {city}'
				],
				stories: [
					'deixou vazar os dados de cartão de milhares de clientes',
					'vendeu um brinquedo que pega fogo e não o retira'
				]
			}
		}
	}
};

export const EMOJI = {
	negative: ['😡', '🤬', '😤', '🙄', '😞', '👎', '💸'],
	positive: ['😍', '🙌', '👏', '❤️', '✨', '👍', '🥳'],
	question: ['🤔', '❓', '🙏'],
	neutral: ['👀', '☕', '🤷', '📌', '🙂']
} as const;

export const INDUSTRY_TAGS: Record<Industry, readonly string[]> = {
	airline: ['#travel', '#avgeek', '#flying'],
	telco: ['#5G', '#internet', '#mobile'],
	retail: ['#shopping', '#deals', '#retail']
};

/** Where speakers of each language post from. */
export const COUNTRIES: Record<Lang, readonly (readonly [string, number])[]> = {
	en: [
		['US', 0.55],
		['GB', 0.25],
		['CA', 0.08],
		['IE', 0.05],
		['AU', 0.07]
	],
	de: [
		['DE', 0.8],
		['AT', 0.12],
		['CH', 0.08]
	],
	fr: [
		['FR', 0.78],
		['BE', 0.1],
		['CA', 0.07],
		['CH', 0.05]
	],
	es: [
		['ES', 0.5],
		['MX', 0.3],
		['AR', 0.12],
		['US', 0.08]
	],
	it: [
		['IT', 0.92],
		['CH', 0.08]
	],
	pt: [
		['BR', 0.6],
		['PT', 0.4]
	]
};
