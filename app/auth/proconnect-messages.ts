// Plain-French reasons why a ProConnect sign-in was refused (shared by the server and the page).
import type { ProConnectFailure } from './proconnect.server.ts'

export function proconnectFailureMessage(reason: ProConnectFailure | 'not-configured'): string {
  switch (reason) {
    case 'missing-state':
      return 'La réponse de ProConnect est incomplète. Recommencez la connexion depuis la page « Se connecter ».'
    case 'unknown-state':
      return 'Cette réponse de ProConnect ne correspond à aucune connexion commencée dans ce navigateur. Recommencez la connexion depuis la page « Se connecter ».'
    case 'used-state':
      return 'Cette connexion ProConnect a déjà servi : chaque retour de ProConnect ne fonctionne qu’une fois. Recommencez la connexion.'
    case 'expired-state':
      return 'Votre connexion avec ProConnect a pris plus de 10 minutes et a expiré. Recommencez la connexion.'
    case 'cancelled':
      return 'Vous avez interrompu la connexion sur ProConnect. Vous n’êtes pas connecté·e.'
    case 'provider-error':
      return 'ProConnect n’a pas pu vous identifier. Recommencez la connexion ; si le problème continue, connectez-vous avec votre adresse e-mail.'
    case 'invalid-code':
      return 'ProConnect n’a pas validé cette connexion : le code reçu a expiré ou a déjà servi. Recommencez la connexion.'
    case 'invalid-response':
      return 'La réponse de ProConnect n’a pas pu être vérifiée. Par sécurité, vous n’êtes pas connecté·e. Recommencez la connexion ; si le problème continue, prévenez l’équipe du programme.'
    case 'missing-email':
      return 'ProConnect ne nous a pas transmis votre adresse e-mail professionnelle : nous ne pouvons pas ouvrir votre compte. Connectez-vous avec votre adresse e-mail.'
    case 'unverified-email':
      return 'Votre fournisseur d’identité n’a pas confirmé votre adresse e-mail. Par sécurité, nous ne pouvons pas vous connecter avec ProConnect. Confirmez votre adresse auprès de lui, ou connectez-vous avec votre adresse e-mail.'
    case 'unavailable':
      return 'ProConnect ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous avec votre adresse e-mail.'
    case 'not-configured':
      return 'La connexion avec ProConnect n’est pas proposée sur ce site. Connectez-vous avec votre adresse e-mail.'
  }
}
