/** Snowball's Swedish stop-word list, stored folded (å/ä/ö → a/a/o) like every analysed term. */
export const SWEDISH_STOPWORDS = `och det att i en jag hon som han pa den med var sig for sa till ar men ett om hade de av icke
mig du henne da sin nu har inte hans honom skulle hennes dar min man ej vid kunde nagot fran ut nar
efter upp vi dem vara vad over an dig kan sina har ha mot alla under nagon eller allt mycket sedan ju
denna sjalv detta at utan varit hur ingen mitt ni bli blev oss din dessa nagra deras blir mina samma
vilken er sadan var blivit dess inom mellan sadant varfor varje vilka ditt vem vilket sitta sadana
vart dina vars vart vara ert era vilkas ska skall`.split(/\s+/);

/**
 * Words that frame a question rather than carry its topic ("vad säger planen om ...", "what does
 * the plan say about ..."). Dropped from queries only: in the plans themselves they are content.
 */
export const QUESTION_FRAME_WORDS = `saga sager sagt sta star stod fanns finnas egentligen just idag typ liksom
sta star stod tycka tycker tyckte anse anser skriva skriver skrev namna namns
namner handla handlar berattar beratta forklara finns gors gor gora planen planerna plan planer
verksamhetsplanen verksamhetsplan dokumentet dokument fraga fragan undrar vet veta kolla
manga forra gamla nuvarande senaste aktuella
lista listan listor punkter punkterna punktlista punktform tack snalla allt`.split(/\s+/);

/**
 * English function words and question framing, for English questions: none of them is Swedish
 * content except by accident, so dropping them from every query costs nothing.
 */
export const ENGLISH_STOPWORDS = `a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing done down during each either else ever every few for from
further get gets getting give given go goes going got had has have having he her here hers him his how i if in
into is it its itself just kind know let like lot many may me might more most much must my no nor not now of off
often on once only or other our ours out over own people please really right same say says said see seem shall
she should so some something still such sure tell than that the their theirs them then there these they thing
things think this those though through to too try trying under until up upon us use used very want wants was
way we well were what whatever when where whether which while who whom whose why will with would yet you your
yours plan plans plan's plans' document documents seko seko's union union's unions
mention mentioned mentions days today current new old previous national list bullet bullets`.split(/\s+/);

/** Words that point at an older plan; they steer the version, they are not the topic. */
export const PREVIOUS_PLAN_CUES = ['forra', 'gamla', 'tidigare', 'forut', 'davarande', 'previous', 'old', 'older', 'earlier', 'former'];

/** Words that point at the current plan or ask for a comparison of versions. */
export const CURRENT_PLAN_CUES = ['nya', 'nuvarande', 'senaste', 'aktuella', 'jamfort', 'jamfor', 'jamforelse', 'skillnad', 'skillnaden', 'andrats', 'andrat', 'forandrats', 'forandrat', 'new', 'current', 'latest', 'compared', 'changed', 'difference'];

/**
 * Everyday words that carry no topic of a plan: when and where the member was when wondering
 * (igår, på lunchen, i helgen), chat verbs (snackade, tror, undrar), hedges and fillers. General
 * Swedish and English only, never a plan's topic word. Dropped from queries like frame words.
 */
export const EVERYDAY_WORDS = `igar idag imorgon imorse ikvall morse morgon kvall helgen helg veckan vecka nyss forut nufortiden numera
per mandag tisdag onsdag torsdag fredag lordag sondag lunchen lunch fikat fika kaffet kaffe
snackade snackar pratade pratar prata talar talade menade menar sa sade tror trodde tycks undrade undrar hort horde lasa laste
lovar lovade gora gor gjorde kom kommer drog drar satt sitter hade fick far gick gar ga sag ser se visste vet
slags sorts sorters garna ens grej grejen grejer sak saken saker typ ungefar kanske nog liksom faktiskt egentligen ju ba bara
jattebra bra dalig daligt kul tajt strul strular strula struntar skiter bryr bryra sysslar holla haller
nagon nan kompis kompisar kollegorna kollega kollegor gubbarna tjejerna killarna
anything something someone somebody everyone everybody stuff good bad next last thing things really actually
yesterday tomorrow weekend week morning evening lunch coffee heard hear wondering wonder think thought guess
take takes making make made putting put doing get got going went come came know knew`.split(/\s+/);
