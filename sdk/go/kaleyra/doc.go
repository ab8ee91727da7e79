// Manage WhatsApp Flows on Kaleyra as code: whole flows (Flow JSON, publishing) or the metadata of existing flows.
package kaleyra
