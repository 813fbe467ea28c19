/** Plain-French reasons why a sign-in link or code was refused. */
export function signInFailureMessage(reason: string): string {
  switch (reason) {
    case 'expired':
      return 'Ce lien ou ce code a expiré : ils ne sont valables que 10 minutes. Demandez-en un nouveau.'
    case 'used':
      return 'Ce lien ou ce code a déjà servi : chacun ne fonctionne qu’une fois. Demandez-en un nouveau.'
    case 'wrong-code':
      return 'Ce code n’est pas le bon. Vérifiez les six chiffres reçus dans le dernier e-mail.'
    case 'too-many-attempts':
      return 'Trop de codes erronés pour cette demande. Demandez un nouveau lien de connexion.'
    case 'code-budget-spent':
      return 'Trop de codes erronés ont été saisis pour cette adresse. Pour protéger votre compte, la connexion par code est suspendue pour le moment : cliquez sur le lien reçu dans l’e-mail, il fonctionne toujours.'
    default:
      return 'Ce lien de connexion n’est pas valide. Demandez-en un nouveau.'
  }
}
