/**
 * Hand-written function-word lists that drive the VADER-style rules, per language. Curated for this
 * project from general grammar knowledge; no third-party lexicon is involved.
 */

export interface LanguageRules {
	/** Words that flip the valence of the words in their scope. */
	negators: readonly string[];
	/**
	 * Negators that usually follow what they negate ("ich mag das nicht"): when they end their clause,
	 * they reach back instead of forward.
	 */
	trailingNegators: readonly string[];
	boosters: readonly string[];
	dampeners: readonly string[];
	/** "but" words: the clause after them carries more weight than the clause before. */
	contrast: readonly string[];
	/** Cues that a mention addressed to a brand is a complaint, however politely worded. */
	complaintCues: readonly string[];
	/** Courtesy words that read as positive but say nothing about satisfaction. */
	courtesy: readonly string[];
	/** Romance elisions are split before the apostrophe's right-hand word ("n'aime" -> "n'" + "aime"). */
	splitsElision: boolean;
}

function words(list: string): readonly string[] {
	return list.trim().split(/\s+/);
}

const EN: LanguageRules = {
	negators: words(`not no never none nobody nothing neither nor nowhere cannot without don't doesn't didn't
		isn't aren't wasn't weren't won't wouldn't can't couldn't shouldn't haven't hasn't hadn't ain't mustn't
		dont doesnt didnt isnt arent wasnt werent wont wouldnt cant couldnt shouldnt havent hasnt aint nope nah`),
	trailingNegators: [],
	boosters: words(`very really so extremely absolutely totally completely incredibly super utterly highly most
		such too truly especially hugely damn freaking fucking deeply entirely particularly remarkably seriously`),
	dampeners: words(`slightly somewhat barely hardly kinda sorta little marginally occasionally partly scarcely
		almost fairly quite rather less`),
	contrast: words('but however yet'),
	complaintCues: words(`refund broken cancel cancelled canceled charged overcharged waiting delayed delay
		missing lost fix issue issues problem problems error outage complaint disappointed unacceptable crash
		crashes bug still never again`),
	courtesy: words('thanks thank thx please pls plz kindly appreciate hi hello dear'),
	splitsElision: false
};

const DE: LanguageRules = {
	negators:
		words(`nicht nich net ned kein keine keinen keinem keiner keines nie niemals nichts niemand nirgends
		weder ohne nimmer`),
	trailingNegators: words('nicht nich net ned nie niemals nimmer'),
	boosters: words(`sehr so total voll echt extrem wirklich richtig absolut super mega ultra besonders
		unglaublich äußerst höchst zu ganz dermaßen verdammt`),
	dampeners: words('etwas bisschen bissl leicht kaum ziemlich eher fast weniger halbwegs'),
	contrast: words('aber jedoch trotzdem allerdings sondern'),
	complaintCues: words(`erstattung rückerstattung kaputt defekt storniert stornieren kündigen gekündigt warte
		warten verspätet verspätung fehlt verloren problem probleme fehler störung ausfall beschwerde enttäuscht
		inakzeptabel funktioniert immer noch nie wieder`),
	courtesy: words('danke bitte vielen dank hallo liebe lieber freundlichen grüßen gruß'),
	splitsElision: false
};

const FR: LanguageRules = {
	negators: words(`n' ne pas jamais rien aucun aucune personne sans ni nul nulle`),
	trailingNegators: [],
	boosters: words(`très trop tellement vraiment super hyper extrêmement totalement absolument complètement
		grave si tant vachement carrément méga incroyablement`),
	dampeners: words('peu assez plutôt légèrement presque moins guère quasi moyennement'),
	contrast: words('mais pourtant cependant toutefois néanmoins'),
	complaintCues: words(`remboursement rembourser cassé panne annulé annuler résilier facturé attends attente
		retard manquant perdu problème problèmes erreur bug réclamation déçu déçue inacceptable toujours jamais
		encore`),
	courtesy: words('merci svp stp plaît bonjour cordialement salut'),
	splitsElision: true
};

const ES: LanguageRules = {
	negators: words('no nunca jamás jamas nada nadie ningún ninguno ninguna ni sin tampoco'),
	trailingNegators: [],
	boosters: words(`muy tan súper super demasiado realmente extremadamente totalmente absolutamente
		completamente increíblemente tanto mucho muchísimo`),
	dampeners: words('poco algo apenas casi bastante medio ligeramente menos'),
	contrast: words('pero sino'),
	complaintCues: words(`reembolso roto rota averiado cancelar cancelado cobrado cobraron esperando retraso
		retrasado falta perdido problema problemas error falla reclamo reclamación queja decepcionado
		inaceptable todavía aún nunca`),
	courtesy: words('gracias favor hola saludos buenos buenas'),
	splitsElision: false
};

const IT: LanguageRules = {
	negators: words('non mai niente nulla nessuno nessuna nessun né senza neanche nemmeno neppure'),
	trailingNegators: [],
	boosters: words(`molto tanto troppo davvero veramente proprio super estremamente totalmente assolutamente
		completamente così cosi incredibilmente parecchio`),
	dampeners: words('poco abbastanza appena quasi leggermente meno piuttosto'),
	contrast: words('ma però pero tuttavia eppure bensì'),
	complaintCues: words(`rimborso rotto rotta guasto annullato annullare disdire addebitato aspetto attesa
		ritardo mancante perso problema problemi errore reclamo deluso delusa inaccettabile ancora mai`),
	courtesy: words('grazie favore prego ciao salve cordiali saluti gentilmente'),
	splitsElision: true
};

const PT: LanguageRules = {
	negators: words('não nao nunca jamais nada ninguém ninguem nenhum nenhuma nem sem tampouco'),
	trailingNegators: [],
	boosters: words(`muito muita tão tao super demais realmente extremamente totalmente absolutamente
		completamente mto mt mega bastante incrivelmente`),
	dampeners: words('pouco meio quase ligeiramente menos'),
	contrast: words('mas porém porem contudo todavia entretanto'),
	complaintCues: words(`reembolso quebrado quebrada cancelar cancelado cobrado cobraram esperando atraso
		atrasado falta perdido problema problemas erro reclamação reclamacao decepcionado inaceitável
		inaceitavel ainda nunca novamente`),
	courtesy: words('obrigado obrigada obg favor olá ola oi'),
	splitsElision: false
};

export const LANGUAGE_RULES: Readonly<Record<string, LanguageRules>> = {
	en: EN,
	de: DE,
	fr: FR,
	es: ES,
	it: IT,
	pt: PT
};
