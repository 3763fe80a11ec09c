// Temporary: replaced by the storage engine files in this same change.
import QuiverCore
